using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>
/// The replay kernels the distributions supply next to their <c>LogProb</c> (<see cref="IReplayKernel"/>): compiled tapes
/// over their log densities (each one node), the fused likelihoods and the bijectors, against a fresh tape.
/// </summary>
public sealed class ReplayKernelTests
{
    private static readonly double[] Data = [0.3, -1.2, 2.5];
    private static readonly double[] Scales = [0.5, 1.5, 2.0];

    private static readonly Dictionary<string, Func<ReadOnlySpan<Real>, Real>> Densities = new()
    {
        ["Normal"] = x => Normal(x[1], x[2]).LogProb(x[0]),
        ["Normal, constant parameters"] = x => Normal(0.5, 2.0).LogProb(x[0] * x[1]),
        ["Normal, constant σ"] = x => Normal(x[1], 1.5).LogProb(x[0]) + Normal(x[2] * x[1], 0.25).LogProb(1.0),
        ["HalfNormal"] = x => HalfNormal(x[1]).LogProb(x[0]),
        ["Cauchy"] = x => Cauchy(x[1], x[2]).LogProb(x[0]),
        ["HalfCauchy"] = x => HalfCauchy(x[1]).LogProb(x[0]) + HalfCauchy(5.0).LogProb(x[2]),
        ["StudentT"] = x => StudentT(x[2] * 3, x[1], x[2]).LogProb(x[0]),
        ["StudentT, constant ν"] = x => StudentT(4.0, x[1], x[2]).LogProb(x[0]),
        ["LogNormal"] = x => LogNormal(x[1], x[2]).LogProb(x[0]),
        ["Exponential"] = x => Exponential(x[1]).LogProb(x[0]),
        ["Gamma"] = x => Gamma(x[1], x[2]).LogProb(x[0]),
        ["Gamma, constant α"] = x => Gamma(2.5, x[2]).LogProb(x[0]),
        ["Beta"] = x => Beta(x[1], x[2]).LogProb(x[0] / 3),
        ["Beta, constant shapes"] = x => Beta(2.0, 3.0).LogProb(x[0] / 3),
        ["normal sum, shared μ and σ"] = x => Likelihoods.NormalLogDensitySum(Data, x[0], x[1]),
        ["normal sum, μᵢ and σ"] = x => Likelihoods.NormalLogDensitySum(Data, [x[0], x[1] * 2, 1.0], x[2]),
        ["normal sum, μᵢ and σᵢ"] = x => Likelihoods.NormalLogDensitySum(Data, [x[0], x[1] * 2, x[2]], Scales),
    };

    public static TheoryData<string> Names() => [.. Densities.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Replayed_log_density_equals_a_fresh_tape(string name) =>
        RecordAndReplay(Densities[name], [0.7, 1.3, 0.9], Points(name.Length, 20, 3, 0.2, 2.0));

    [Fact]
    public void A_density_replayed_outside_its_support_is_minus_infinity()
    {
        Func<ReadOnlySpan<Real>, Real> f = x => HalfNormal(2.0).LogProb(x[0]) + x[1];
        var program = Record(f, [1.0, 1.0]);
        var g = new double[2];
        Assert.True(program.TryEvaluate([-1.0, 1.0], g, out double value));
        Assert.Equal(double.NegativeInfinity, value);
    }

    public static TheoryData<string> Bijectors() => ["exp", "lower", "upper", "interval", "unit interval"];

    private static ScalarBijector BijectorNamed(string name) => name switch
    {
        "exp" => new LowerBoundBijector(0),
        "lower" => new LowerBoundBijector(-1.5),
        "upper" => new UpperBoundBijector(2.0),
        "interval" => new IntervalBijector(-1, 3),
        _ => new IntervalBijector(0, 1),
    };

    [Theory]
    [MemberData(nameof(Bijectors))]
    public void Bijector_forward_and_log_jacobian_replay(string name)
    {
        var b = BijectorNamed(name);
        Func<ReadOnlySpan<Real>, Real> f = u =>
        {
            var x = b.Forward(u[0], out var logJacobian);
            return x * u[1] + logJacobian;
        };
        RecordAndReplay(f, [0.3, 1.1], Points(name.Length, 20, 2, -3, 3));
    }

    // Eight schools, non-centred, over (μ, log τ, θ̃₁ … θ̃₈), written with distributions.
    private static readonly double[] Y = [28, 8, -3, 7, -1, 1, 18, 12];
    private static readonly double[] Sigma = [15, 10, 16, 11, 9, 11, 10, 18];

    private static Real EightSchools(ReadOnlySpan<Real> q)
    {
        var tau = new LowerBoundBijector(0).Forward(q[1], out var logJacobian);
        var lp = Normal(0, 5).LogProb(q[0]) + HalfCauchy(5).LogProb(tau) + logJacobian;
        for (int j = 0; j < 8; j++)
            lp += Normal(0, 1).LogProb(q[2 + j]) + Normal(q[0] + tau * q[2 + j], Sigma[j]).LogProb(Y[j]);
        return lp;
    }

    [Fact]
    public void Eight_schools_replays()
    {
        var program = Record(EightSchools, new double[10]);
        Assert.Equal(0, program.GuardCount);
        foreach (var x in Points(8, 50, 10, -2, 2)) Replays(program, EightSchools, x);
    }
}
