using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Numerics;

/// <summary>
/// Records f on a tape at one point, compiles it, and checks that the program's value and gradient
/// at other points equal a fresh tape's at those points (to 1e-12, relative).
/// </summary>
internal static class TapeProgramCheck
{
    public static TapeProgram Record(Func<ReadOnlySpan<Real>, Real> f, double[] at)
    {
        var tape = new Tape();
        tape.StartRecording();
        var xs = tape.Variables(at);
        var y = f(xs);
        var program = TapeProgram.Compile(tape, xs, y, out string? reason);
        Assert.True(program is not null, $"not compilable: {reason}");
        return program!;
    }

    /// <summary>Asserts that the program replays f at <paramref name="x"/>.</summary>
    public static void Replays(TapeProgram program, Func<ReadOnlySpan<Real>, Real> f, double[] x)
    {
        var gradient = new double[x.Length];
        Assert.True(program.TryEvaluate(x, gradient, out double value), $"a guard failed at ({string.Join(", ", x)})");
        var expectedGradient = new double[x.Length];
        double expected = new Tape().ValueAndGradient(f, x, expectedGradient);
        Close(expected, value, "value", x);
        for (int i = 0; i < x.Length; i++) Close(expectedGradient[i], gradient[i], $"∂/∂x{i}", x);
    }

    /// <summary>Records f at <paramref name="recordAt"/> and checks the replay at each of <paramref name="points"/>.</summary>
    public static void RecordAndReplay(Func<ReadOnlySpan<Real>, Real> f, double[] recordAt, params double[][] points)
    {
        var program = Record(f, recordAt);
        foreach (var x in points) Replays(program, f, x);
    }

    private static void Close(double expected, double actual, string what, double[] x)
    {
        if (expected.Equals(actual)) return; // also NaN = NaN and ±∞
        Assert.True(double.IsFinite(expected) ? double.IsFinite(actual) && Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)) : expected.Equals(actual),
            $"{what} at ({string.Join(", ", x)}): replay {actual:R}, fresh tape {expected:R}");
    }

    /// <summary>Random points in [lo, hi]ᵈ from a fixed seed.</summary>
    public static double[][] Points(int seed, int count, int dimension, double lo, double hi)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, dimension).Select(_ => lo + (hi - lo) * random.NextDouble()).ToArray())
            .ToArray();
    }
}
