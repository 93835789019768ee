using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Numerics;

/// <summary>Compiled tapes: each replayable operation, guards, what cannot be compiled, allocation.</summary>
public sealed class TapeProgramTests
{
    private static readonly double[] Data = [0.3, -1.2, 2.5];
    private static readonly double[] Scales = [0.5, 1.5, 2.0];

    // Each operation with operands kept in its domain for x ∈ [0.2, 2]³.
    public static TheoryData<string> Operations() => [.. Functions.Keys];

    private static readonly Dictionary<string, Func<ReadOnlySpan<Real>, Real>> Functions = new()
    {
        ["a + b"] = x => x[0] + x[1],
        ["a - b"] = x => x[0] - x[1],
        ["a * b"] = x => x[0] * x[1],
        ["a / b"] = x => x[0] / x[1],
        ["a + c, c + a"] = x => (x[0] + 3.0) * (2.5 + x[1]),
        ["a - c, c - a"] = x => (x[0] - 3.0) * (2.5 - x[1]),
        ["a * c, c * a"] = x => (x[0] * 3.0) + (2.5 * x[1]) * x[2],
        ["a / c, c / a"] = x => (x[0] / 3.0) * (2.5 / x[1]),
        ["Real and constant Real"] = x => (x[0] + new Real(2)) * (new Real(3) - x[1]) / new Real(1.5) * (new Real(4) / x[2]),
        ["-a"] = x => -(x[0] * x[1]),
        ["exp"] = x => RealMath.Exp(x[0] * x[1]),
        ["log"] = x => RealMath.Log(x[0] * x[1]),
        ["log1p"] = x => RealMath.Log1p(x[0] - x[1]),
        ["expm1"] = x => RealMath.Expm1(x[0] - x[1]),
        ["sqrt"] = x => RealMath.Sqrt(x[0] + x[1]),
        ["square"] = x => RealMath.Square(x[0] - x[1]),
        ["pow(a, c)"] = x => RealMath.Pow(x[0], 2.7) + RealMath.Pow(x[1], -0.5),
        ["pow(a, b)"] = x => RealMath.Pow(x[0], x[1]) + RealMath.Pow(2.0, x[2]) + RealMath.Pow(x[2], new Real(1.5)),
        ["abs"] = x => RealMath.Abs(x[0] - x[1]),
        ["logistic"] = x => RealMath.Logistic(x[0] - x[1]),
        ["log-logistic"] = x => RealMath.LogLogistic(x[0] - x[1]),
        ["softplus"] = x => RealMath.Softplus(x[0] - x[1]),
        ["log-sum-exp of two"] = x => RealMath.LogSumExp(x[0], x[1] * 2),
        ["log-sum-exp"] = x => RealMath.LogSumExp([x[0], x[1] * 2, 0.5, x[2]]),
        ["lgamma"] = x => RealMath.LogGamma(x[0] * x[1]),
        ["digamma"] = x => RealMath.Digamma(x[0] * x[1]),
        ["log beta"] = x => RealMath.LogBeta(x[0], x[1]) + RealMath.LogBeta(2.0, x[2]),
        ["erf, erfc"] = x => RealMath.Erf(x[0] - x[1]) * RealMath.Erfc(x[2] - 1),
        ["sin, cos, tanh"] = x => RealMath.Sin(x[0]) * RealMath.Cos(x[1]) + RealMath.Tanh(x[2]),
        ["sum"] = x => RealMath.Sum([x[0], 2.0, x[1] * x[2]]),
        ["dot"] = x => RealMath.Dot([x[0], x[1], x[2] * x[2]], [0.5, -2.0, 3.0]),
        ["matvec"] = x => RealMath.Sum(RealMath.MatVec(new double[,] { { 1, 2, 3 }, { -1, 0.5, 2 } }, x)),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Replay_equals_a_fresh_tape(string operation) =>
        RecordAndReplay(Functions[operation], [0.7, 1.3, 0.9], Points(operation.Length, 20, 3, 0.2, 2.0));

    private static Real Branchy(ReadOnlySpan<Real> x) => x[0] > 1.0 ? x[0] * x[1] : RealMath.Exp(x[1]) - x[0];

    [Fact]
    public void A_guard_that_comes_out_differently_fails_the_evaluation()
    {
        var program = Record(Branchy, [2.0, 0.5]);
        Assert.Equal(1, program.GuardCount);
        Replays(program, Branchy, [3.0, -1.0]);
        var g = new double[2];
        Assert.False(program.TryEvaluate([0.5, -1.0], g, out double value));
        Assert.True(double.IsNaN(value));
        Replays(program, Branchy, [1.5, 0.25]); // and it still works after a failure
    }

    [Fact]
    public void Every_comparison_and_min_max_are_guards()
    {
        Func<ReadOnlySpan<Real>, Real>[] branches =
        [
            x => x[0] < x[1] ? x[0] : x[1] * 2,
            x => x[0] <= x[1] ? x[0] : x[1] * 2,
            x => x[0] >= x[1] ? x[0] : x[1] * 2,
            x => x[0] != 3.0 ? x[0] : x[1] * 2,
            x => x[0].CompareTo(x[1]) < 0 ? x[0] : x[1] * 2,
            x => RealMath.Min(x[0], x[1]) * 3,
            x => RealMath.Max(x[0], x[1]) * 3,
        ];
        for (int i = 0; i < branches.Length; i++)
        {
            var program = Record(branches[i], [1.5, 2.0]);
            Replays(program, branches[i], [1.2, 3.0]);
            Assert.True(!program.TryEvaluate([3.0, 1.0], new double[2], out _), $"branch {i}: the guard held");
        }
        var equal = Record(x => x[0] == x[1] ? x[0] : x[1] * 2, [1.5, 2.0]);
        Assert.False(equal.TryEvaluate([2.0, 2.0], new double[2], out _));
    }

    [Fact]
    public void A_node_without_replay_code_is_not_compilable()
    {
        var tape = new Tape();
        tape.StartRecording();
        var xs = tape.Variables([1.0, 2.0]);
        var y = Tape.Record(Math.Sinh(xs[0].Value), xs[0], Math.Cosh(xs[0].Value)) * xs[1];
        Assert.Null(TapeProgram.Compile(tape, xs, y, out string? reason));
        Assert.Contains("without replay code", reason);
    }

    [Fact]
    public void A_node_the_output_does_not_need_does_not_block_compilation()
    {
        var tape = new Tape();
        tape.StartRecording();
        var xs = tape.Variables([1.0, 2.0]);
        _ = Tape.Record(Math.Sinh(xs[0].Value), xs[0], Math.Cosh(xs[0].Value));
        var y = xs[0] * xs[1];
        var program = TapeProgram.Compile(tape, xs, y);
        Assert.NotNull(program);
        Assert.True(program.TryEvaluate([3.0, 4.0], new double[2], out double value));
        Assert.Equal(12.0, value);
    }

    [Fact]
    public void Reasons_for_not_compiling()
    {
        var tape = new Tape();
        var xs = tape.Variables([1.0, 2.0]);
        Assert.Null(TapeProgram.Compile(tape, xs, xs[0] * xs[1], out string? reason));
        Assert.Contains("not recording", reason);

        tape.StartRecording();
        xs = tape.Variables([1.0, 2.0]);
        var y = xs[0] * xs[1];
        Assert.Null(TapeProgram.Compile(tape, xs[..1], y, out reason));
        Assert.Contains("not among the inputs", reason);
        Assert.Null(TapeProgram.Compile(tape, xs, new Real(3), out reason));
        Assert.Contains("constant", reason);
        Assert.Null(TapeProgram.Compile(tape, xs, RealMath.Log(xs[0] - xs[1]), out reason)); // log of −1
        Assert.Contains("not finite", reason);
        tape.MarkNotReplayable("branches on Value");
        Assert.Null(TapeProgram.Compile(tape, xs, y, out reason));
        Assert.Contains("branches on Value", reason);

        tape.Clear(); // a new recording forgets the mark
        xs = tape.Variables([1.0, 2.0]);
        Assert.NotNull(TapeProgram.Compile(tape, xs, xs[0] * xs[1]));
        Assert.Throws<ArgumentException>(() => TapeProgram.Compile(tape, [xs[0], xs[0]], xs[0] * xs[1]));
        Assert.Throws<ArgumentException>(() => TapeProgram.Compile(tape, [xs[0] * 2], xs[0] * xs[1]));
    }

    [Fact]
    public void Evaluation_allocates_nothing_and_clones_are_independent()
    {
        Func<ReadOnlySpan<Real>, Real> f = x => Likelihoods.NormalLogDensitySum(Data, [x[0], x[1], x[2]], Scales) + RealMath.Exp(x[0]) * x[1];
        var program = Record(f, [0.1, 0.2, 0.3]);
        var clone = program.Clone();
        double[] x = [0.4, -0.3, 1.1], g = new double[3], h = new double[3];
        program.TryEvaluate(x, g, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) program.TryEvaluate(x, g, out _);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(clone.TryEvaluate([1.0, 1.0, 1.0], h, out _));
        Assert.True(program.TryEvaluate(x, g, out double v));
        Assert.True(clone.TryEvaluate(x, h, out double w));
        Assert.Equal(v, w);
        Assert.Equal(g, h);
    }

    [Fact]
    public void Normal_tape_use_is_unchanged_after_a_recording_stops()
    {
        var tape = new Tape();
        tape.StartRecording();
        Assert.True(tape.IsRecording);
        tape.StopRecording();
        Assert.False(tape.IsRecording);
        var g = new double[2];
        double v = tape.ValueAndGradient(x => x[0] * x[1] + RealMath.Exp(x[0]), [1.0, 2.0], g);
        Assert.Equal(2 + Math.E, v, 12);
        Assert.Equal([2 + Math.E, 1.0], g);
    }
}
