using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Distributions.Bijectors;

/// <summary>Argument checks of the vector bijectors, and that Forward allocates nothing.</summary>
public sealed class BijectorArgumentTests
{
    public static TheoryData<string> Names() => BijectorCases.Names();

    [Fact]
    public void Constructors_reject_a_dimension_below_one_naming_k_and_its_value()
    {
        Check(() => new StickBreakingBijector(0), nameof(StickBreakingBijector));
        Check(() => new CholeskyCorrelationBijector(-1), nameof(CholeskyCorrelationBijector));
        Check(() => new OrderedBijector(0), nameof(OrderedBijector));
        Check(() => new PositiveOrderedBijector(0), nameof(PositiveOrderedBijector));
        Check(() => new IdentityVectorBijector(0), nameof(IdentityVectorBijector));

        static void Check(Func<Bijector> make, string owner)
        {
            var e = Assert.Throws<ArgumentException>(make);
            Assert.Equal("k", e.ParamName);
            Assert.StartsWith($"{owner}: k must be at least 1, but is ", e.Message);
        }
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_rejected()
    {
        var b = Support.Simplex(3).Bijector;
        Assert.Equal("u", Assert.Throws<ArgumentException>(() => b.Forward(new Real[3], new Real[3])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => b.Forward(new Real[2], new Real[2])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => b.Inverse(new double[2], new double[2])).ParamName);
        Assert.Equal("u", Assert.Throws<ArgumentException>(() => b.Inverse(new double[3], new double[3])).ParamName);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_and_Inverse_allocate_nothing(string name)
    {
        var support = BijectorCases.Make(name);
        var b = support.Bijector;
        var u = BijectorCases.RandomU(new Rng(3), support);
        var ur = new Real[u.Length];
        var xr = new Real[b.ConstrainedDimension];
        var x = new double[xr.Length];
        var back = new double[u.Length];
        var tape = new Tape();
        var gradient = new double[u.Length];
        Func<ReadOnlySpan<Real>, Real> sum = v => b.Forward(v, xr) + RealMath.Sum(xr); // one delegate, made once
        for (int i = 0; i < u.Length; i++) ur[i] = u[i];

        // Warm up: JIT, and the tape's arrays grow to fit.
        b.Forward(ur, xr);
        tape.ValueAndGradient(sum, u, gradient);

        long before = GC.GetAllocatedBytesForCurrentThread();
        b.Forward(ur, xr);
        for (int i = 0; i < x.Length; i++) x[i] = xr[i].Value;
        b.Inverse(x, back);
        tape.ValueAndGradient(sum, u, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
