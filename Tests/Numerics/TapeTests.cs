using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Numerics;

/// <summary>The tape itself: separation of tapes, threads, and the allocation-free gradient.</summary>
public sealed class TapeTests
{
    // f(x, y) = x²y + log(y) + exp(x/y), with ∇f = (2xy + e^(x/y)/y, x² + 1/y − x e^(x/y)/y²).
    private static Real F(ReadOnlySpan<Real> p) => p[0] * p[0] * p[1] + RealMath.Log(p[1]) + RealMath.Exp(p[0] / p[1]);

    private static (double Value, double Dx, double Dy) Exact(double x, double y)
    {
        double e = Math.Exp(x / y);
        return (x * x * y + Math.Log(y) + e, 2 * x * y + e / y, x * x + 1 / y - x * e / (y * y));
    }

    [Fact]
    public void Mixing_values_of_two_tapes_throws()
    {
        var t1 = new Tape();
        var t2 = new Tape();
        var a = t1.Variable(1);
        var b = t2.Variable(2);
        Assert.Throws<InvalidOperationException>(() => a + b);
        Assert.Throws<InvalidOperationException>(() => a * b);
        Assert.Throws<InvalidOperationException>(() => RealMath.Pow(a, b));
        Assert.Throws<InvalidOperationException>(() => RealMath.LogSumExp(a, b));
        Assert.Throws<InvalidOperationException>(() => RealMath.Sum([a, 3.0, b]));
        Assert.Throws<InvalidOperationException>(() => Likelihoods.NormalLogDensitySum([1.0], a, b));
        Assert.Throws<InvalidOperationException>(() => Likelihoods.NormalLogDensitySum([1.0], [a], b));
        Assert.Throws<InvalidOperationException>(() => Tape.Record(0, [a, b], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => t1.Gradient(b));
        Assert.Throws<ArgumentException>(() => t1.Gradient(new Real(3)));
    }

    [Fact]
    public void Sweep_handles_parents_that_are_the_previous_node()
    {
        // The backward sweep carries the contribution to node i − 1 in a register: check the cases
        // where both parents are node i − 1 (x·x), where only the second is, and a wide node
        // whose parents include node i − 1.
        var tape = new Tape();
        var x = tape.Variable(3.0);
        var square = x * x;              // parents (i − 1, i − 1)
        var shifted = 2.0 - square;      // one parent, i − 1
        var y = new Real(5) * shifted;   // constant first: parents (−1, i − 1)
        var total = RealMath.Sum([x, y]); // wide, with y = node i − 1
        tape.Gradient(total);
        // total = x + 5(2 − x²): d/dx = 1 − 10x = −29
        Assert.Equal(-29.0, tape.Adjoint(x));
        Assert.Equal(1.0, tape.Adjoint(y));
        Assert.Equal(5.0, tape.Adjoint(shifted));
        Assert.Equal(-5.0, tape.Adjoint(square));
    }

    [Fact]
    public void Nested_tapes_do_not_interfere()
    {
        var outer = new Tape();
        var x = outer.Variable(1.5);
        // An inner gradient computed in the middle of an outer one, on its own tape.
        var (_, inner) = Tape.ValueAndGradient(p => p[0] * p[0] * p[0], [2.0]);
        var y = x * x * inner[0];
        outer.Gradient(y);
        Assert.Equal(12.0, inner[0]);
        Assert.Equal(2 * 1.5 * 12.0, outer.Adjoint(x));
    }

    [Fact]
    public void Reused_tape_gives_the_same_gradient_as_a_fresh_one()
    {
        var tape = new Tape();
        var g = new double[2];
        foreach (var (x, y) in new[] { (0.3, 1.2), (-1.0, 0.5), (2.0, 3.0) })
        {
            double v = tape.ValueAndGradient(F, [x, y], g);
            var (ev, edx, edy) = Exact(x, y);
            Assert.Equal(ev, v, 1e-13);
            Assert.Equal(edx, g[0], 1e-12);
            Assert.Equal(edy, g[1], 1e-12);
            var (fresh, freshGradient) = Tape.ValueAndGradient(p => F(p), [x, y]);
            Assert.Equal(fresh, v);
            Assert.Equal(freshGradient, g);
        }
    }

    [Fact]
    public void Reused_tape_allocates_nothing_once_warm()
    {
        var tape = new Tape();
        var g = new double[2];
        double[] x = [0.3, 1.2];
        Func<ReadOnlySpan<Real>, Real> f = F;
        tape.ValueAndGradient(f, x, g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) tape.ValueAndGradient(f, x, g);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Reused_tape_grows_past_its_initial_capacity()
    {
        // 10,000 nodes (the tape starts with 256) and a wide node with 5,000 parents (it starts with 64).
        var tape = new Tape();
        var x = new double[5000];
        for (int i = 0; i < x.Length; i++) x[i] = i * 1e-3;
        var g = new double[x.Length];
        double v = tape.ValueAndGradient(p =>
        {
            var squares = new Real[p.Length];
            for (int i = 0; i < p.Length; i++) squares[i] = p[i] * p[i];
            return RealMath.Sum(squares);
        }, x, g);
        Assert.Equal(x.Sum(t => t * t), v, 1e-9);
        for (int i = 0; i < x.Length; i++) Assert.Equal(2 * x[i], g[i], 1e-15);
    }

    [Fact]
    public void Constant_function_has_zero_gradient()
    {
        var tape = new Tape();
        var g = new[] { 9.0, 9.0 };
        Assert.Equal(3.0, tape.ValueAndGradient(_ => 3.0, [1.0, 2.0], g));
        Assert.Equal([0.0, 0.0], g);
    }

    [Fact]
    public void Gradient_buffer_of_the_wrong_length_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Tape().ValueAndGradient(F, [1.0, 2.0], new double[3]));
        Assert.Equal("gradient", ex.ParamName);
        Assert.Contains("3", ex.Message);
    }

    [Fact]
    public void Function_returning_a_value_of_another_tape_is_rejected()
    {
        var other = new Tape();
        var foreign = other.Variable(1.0);
        Assert.Throws<ArgumentException>(() => new Tape().ValueAndGradient(_ => foreign, [1.0], new double[1]));
    }

    [Fact]
    public void Gradients_on_several_threads_at_once_are_each_correct()
    {
        const int threads = 8, evaluations = 500;
        using var start = new Barrier(threads);
        var errors = new double[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var tape = new Tape();
            var g = new double[2];
            var rng = new Random(t);
            start.SignalAndWait(); // all threads differentiate at the same time
            for (int i = 0; i < evaluations; i++)
            {
                double x = rng.NextDouble() * 4 - 2, y = 0.5 + rng.NextDouble() * 2;
                double v = i % 2 == 0 ? tape.ValueAndGradient(F, [x, y], g) : Fresh(x, y, g);
                var (ev, edx, edy) = Exact(x, y);
                errors[t] = Math.Max(errors[t], Math.Max(Math.Abs(v - ev) / (1 + Math.Abs(ev)),
                    Math.Max(Math.Abs(g[0] - edx) / (1 + Math.Abs(edx)), Math.Abs(g[1] - edy) / (1 + Math.Abs(edy)))));
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.All(errors, e => Assert.True(e < 1e-12, $"error {e}"));

        static double Fresh(double x, double y, double[] g)
        {
            var (v, grad) = Tape.ValueAndGradient(p => F(p), [x, y]);
            grad.CopyTo(g, 0);
            return v;
        }
    }
}
