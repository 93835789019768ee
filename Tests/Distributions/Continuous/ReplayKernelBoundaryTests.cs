using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>
/// The replay kernels at the closed ends of their supports (Gamma, Weibull and χ² at 0; Beta at 0 and 1; Exponential,
/// HalfNormal and HalfCauchy at 0; Uniform at its bounds): a log density recorded inside the support, compiled to a
/// <see cref="TapeProgram"/> and replayed at an end, must give exactly what <c>LogProb</c> gives there on a fresh tape —
/// the finite limit (shape 1), +∞ (shape below 1) or −∞ (shape above 1) — with the same gradient.
/// </summary>
public sealed class ReplayKernelBoundaryTests
{
    private sealed record Case(Func<ReadOnlySpan<Real>, Real> Density, double[] RecordAt, double[][] Ends);

    // Operands: x[0] the value, x[1] and x[2] the parameters (unused ones are ignored by the density).
    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Gamma"] = new(x => Gamma(x[1], x[2]).LogProb(x[0]), [0.7, 1.3, 0.9],
            [[0, 1, 2.5], [0, 1, 0.4], [0, 0.5, 2], [0, 3, 2]]),
        ["Gamma, constant α = 1"] = new(x => Gamma(1.0, x[2]).LogProb(x[0]), [0.7, 1.3, 0.9], [[0, 1, 2.5], [0, 7, 0.4]]),
        ["Gamma, constant α < 1"] = new(x => Gamma(0.5, x[2]).LogProb(x[0]), [0.7, 1.3, 0.9], [[0, 1, 2.5]]),
        ["Gamma, constant α > 1"] = new(x => Gamma(2.5, x[2]).LogProb(x[0]), [0.7, 1.3, 0.9], [[0, 1, 2.5]]),
        ["Weibull"] = new(x => Weibull(x[1], x[2]).LogProb(x[0]), [0.7, 1.3, 0.9],
            [[0, 1, 2.5], [0, 1, 0.4], [0, 0.5, 2], [0, 3, 2]]),
        ["Weibull, constant k = 1"] = new(x => Weibull(1.0, x[2]).LogProb(x[0]), [0.7, 1.3, 0.9], [[0, 1, 2.5]]),
        ["ChiSquared"] = new(x => ChiSquared(x[1]).LogProb(x[0]), [0.7, 3.3, 0], [[0, 2, 0], [0, 1, 0], [0, 5, 0]]),
        ["ChiSquared, constant ν = 2"] = new(x => ChiSquared(2.0).LogProb(x[0]) + x[1], [0.7, 3.3, 0], [[0, 2, 0]]),
        ["Beta"] = new(x => Beta(x[1], x[2]).LogProb(x[0]), [0.3, 1.3, 0.9],
            [[0, 1, 2.5], [1, 2.5, 1], [0, 1, 1], [1, 1, 1], [0, 0.5, 2], [1, 2, 0.5], [0, 2, 2], [1, 2, 2], [0, 2, 1], [1, 1, 2]]),
        ["Beta, constant shapes (1, 3)"] = new(x => Beta(1.0, 3.0).LogProb(x[0]) + x[1] * x[2], [0.3, 1.3, 0.9], [[0, 1, 1], [1, 1, 1]]),
        ["Beta, constant α = 1"] = new(x => Beta(1.0, x[2]).LogProb(x[0]), [0.3, 1.3, 0.9], [[0, 1, 2.5], [1, 1, 2.5], [1, 1, 1]]),
        ["Beta, constant β = 1"] = new(x => Beta(x[1], 1.0).LogProb(x[0]), [0.3, 1.3, 0.9], [[1, 2.5, 1], [0, 2.5, 1], [0, 1, 1]]),
        ["Exponential"] = new(x => Exponential(x[1]).LogProb(x[0]), [0.7, 1.3, 0], [[0, 2.5, 0]]),
        ["HalfNormal"] = new(x => HalfNormal(x[1]).LogProb(x[0]), [0.7, 1.3, 0], [[0, 2.5, 0]]),
        ["HalfCauchy"] = new(x => HalfCauchy(x[1]).LogProb(x[0]), [0.7, 1.3, 0], [[0, 2.5, 0]]),
        ["Uniform"] = new(x => Uniform(x[1], x[2]).LogProb(x[0]), [0.5, -1, 2], [[-1, -1, 2], [2, -1, 2]]),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Replayed_at_a_closed_end_equals_LogProb_exactly(string name)
    {
        var c = Cases[name];
        var program = Record(c.Density, c.RecordAt);
        foreach (var x in c.Ends) ReplaysExactly(program, c.Density, x);
    }

    /// <summary>
    /// Recorded at an end where the limit is finite (a node of its own), the program replays inside the support too.
    /// </summary>
    [Theory]
    [InlineData("Gamma", 0.0, 1.0, 2.5)]
    [InlineData("Weibull", 0.0, 1.0, 2.5)]
    [InlineData("ChiSquared", 0.0, 2.0, 0.0)]
    [InlineData("Beta", 0.0, 1.0, 2.5)]
    [InlineData("Beta", 1.0, 2.5, 1.0)]
    public void Recorded_at_a_closed_end_replays_inside(string name, double x, double a, double b)
    {
        var c = Cases[name];
        var program = Record(c.Density, [x, a, b]);
        ReplaysExactly(program, c.Density, [x, a, b]);
        foreach (var inside in Points(name.Length, 10, 3, 0.2, 0.8)) Replays(program, c.Density, inside);
    }

    [Fact]
    public void The_limits_are_SciPys()
    {
        Assert.Equal(Math.Log(2.5), Gamma(1.0, 2.5).LogProb(0.0).Value);
        Assert.Equal(double.PositiveInfinity, Gamma(0.5, 2.5).LogProb(0.0).Value);
        Assert.Equal(double.NegativeInfinity, Gamma(3.0, 2.5).LogProb(0.0).Value);
        Assert.Equal(-Math.Log(2.5), Weibull(1.0, 2.5).LogProb(0.0).Value);
        Assert.Equal(-Math.Log(2), ChiSquared(2.0).LogProb(0.0).Value);
        Assert.Equal(Math.Log(2.5), Beta(1.0, 2.5).LogProb(0.0).Value);
        Assert.Equal(Math.Log(2.5), Beta(2.5, 1.0).LogProb(1.0).Value);
        Assert.Equal(double.PositiveInfinity, Beta(2.0, 0.5).LogProb(1.0).Value);
    }

    // The program's value and gradient at x against a fresh tape's: equal as doubles (±∞ and NaN included).
    private static void ReplaysExactly(TapeProgram program, Func<ReadOnlySpan<Real>, Real> f, double[] x)
    {
        var gradient = new double[x.Length];
        Assert.True(program.TryEvaluate(x, gradient, out double value), $"a guard failed at ({string.Join(", ", x)})");
        var expectedGradient = new double[x.Length];
        double expected = new Tape().ValueAndGradient(f, x, expectedGradient);
        string at = string.Join(", ", x);
        Assert.True(expected.Equals(value), $"value at ({at}): replay {value:R}, LogProb {expected:R}");
        for (int i = 0; i < x.Length; i++)
            Assert.True(expectedGradient[i].Equals(gradient[i]),
                $"∂/∂x{i} at ({at}): replay {gradient[i]:R}, LogProb's tape {expectedGradient[i]:R}");
    }
}
