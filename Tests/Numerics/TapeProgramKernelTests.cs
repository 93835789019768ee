using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Numerics;

/// <summary>
/// Densities replayed through open replay kernels (<see cref="IReplayKernel"/>, supplied by each distribution):
/// the program's value and gradient equal a fresh tape's to 1e−12 at random points.
/// </summary>
public sealed class TapeProgramKernelTests
{
    // Each density over three variables drawn from [0.2, 2]; counts and data are constants.
    private static readonly Dictionary<string, Func<ReadOnlySpan<Real>, Real>> Densities = new()
    {
        ["Poisson"] = x => Poisson(x[0] * x[1]).LogProb(3) + Poisson(x[2]).LogProb(0),
        ["PoissonLog"] = x => PoissonLog(x[0] * x[1] - 1).LogProb(3) + PoissonLog(x[2]).LogProb(0),
        ["BinomialLogit"] = x => BinomialLogit(10, x[0] - 1).LogProb(4) + BinomialLogit(3, 2 * x[1]).LogProb(3),
        ["Binomial"] = x => Binomial(10, x[0] / 2.5).LogProb(4) + Binomial(3, x[1] / 2.5).LogProb(0),
        ["NegativeBinomial2"] = x => NegativeBinomial2(x[0], x[1]).LogProb(5) + NegativeBinomial2(x[2], 2.0).LogProb(0),
        ["NegativeBinomial"] = x => NegativeBinomial(x[0], x[1] / 2.5).LogProb(2),
        ["Geometric"] = x => Geometric(x[0] / 2.5).LogProb(3),
        ["Bernoulli"] = x => Bernoulli(x[0] / 2.5).LogProb(false) + Bernoulli(x[1] / 2.5).LogProb(true),
        ["BernoulliLogit"] = x => BernoulliLogit(x[0] - 1).LogProb(false) + BernoulliLogit(x[1] - 1).LogProb(true),
        ["Laplace"] = x => Laplace(x[1], x[2]).LogProb(x[0]) + Laplace(0.5, 1.0).LogProb(x[0] * x[1]),
        ["Logistic"] = x => Logistic(x[1], x[2]).LogProb(x[0]) + Logistic(0.5, 2.0).LogProb(x[0] * x[1]),
        ["Weibull"] = x => Weibull(x[1], x[2]).LogProb(x[0]) + Weibull(1.5, 2.0).LogProb(x[0] * x[1]),
        ["InverseGamma"] = x => InverseGamma(x[1], x[2]).LogProb(x[0]) + InverseGamma(2.0, x[2]).LogProb(x[0]),
        ["ChiSquared"] = x => ChiSquared(x[1] * 3).LogProb(x[0]) + ChiSquared(4.0).LogProb(x[0] * x[2]),
        ["Uniform"] = x => Uniform(x[1] - 3, x[2] + 3).LogProb(x[0]),
        ["MultivariateNormal"] = x => MultivariateNormal(
            [x[0], x[1] - 1, 0.5],
            new Real[,] { { x[2] + 1, 0.3, 0.1 }, { 0.3, x[0] + 1, -0.2 }, { 0.1, -0.2, 1.5 } }).LogProb([(Real)0.4, x[2], x[1] * x[0]]),
        ["Dirichlet"] = x =>
        {
            Real e0 = RealMath.Exp(x[0]), e1 = RealMath.Exp(x[1] - 1), e2 = RealMath.Exp(0.3 * x[2]), s = e0 + e1 + e2;
            return Dirichlet(x[1], x[2], 1.5).LogProb([e0 / s, e1 / s, e2 / s]);
        },
        ["Multinomial"] = x =>
        {
            var s = x[0] + x[1] + x[2];
            return Multinomial(6, x[0] / s, x[1] / s, x[2] / s).LogProb([1, 0, 5]);
        },
        ["LKJCholesky"] = x =>
        {
            var c = RealMath.Tanh(x[0] - 1);
            return LKJCholesky(2, x[1]).LogProb([1.0, 0.0, c, RealMath.Sqrt(1 - c * c)]);
        },
        ["CategoricalLogits"] = x => CategoricalLogits(x[0], x[1], x[2]).LogProb(1) + Categorical(x[0] / 6, x[1] / 6, 1 - (x[0] + x[1]) / 6).LogProb(2),
        ["MultivariateNormal, constant parameters"] = x => MultivariateNormal(
            [0.0, 1.0], new Real[,] { { 2.0, 0.5 }, { 0.5, 1.0 } }).LogProb([x[0], x[1] * x[2]]),
    };

    public static TheoryData<string> Names() => [.. Densities.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Replayed_log_density_equals_a_fresh_tape(string name) =>
        RecordAndReplay(Densities[name], [0.7, 1.3, 0.9], Points(name.Length + 100, 20, 3, 0.2, 2.0));

    [Fact]
    public void A_uniform_with_constant_bounds_guards_its_support()
    {
        // The log density of x under Uniform(0, 1) is a constant inside: no node. Leaving the interval must not
        // replay as inside: the support's comparisons are guards, so the program hands back to the caller.
        Func<ReadOnlySpan<Real>, Real> f = x => Uniform(0.0, 1.0).LogProb(x[0]) + x[1];
        var program = Record(f, [0.5, 1.0]);
        Assert.True(program.TryEvaluate([0.25, 2.0], new double[2], out double inside));
        Assert.Equal(2.0, inside);
        Assert.False(program.TryEvaluate([1.5, 2.0], new double[2], out _));
    }

    [Fact]
    public void A_replayed_kernel_outside_its_support_is_minus_infinity()
    {
        Func<ReadOnlySpan<Real>, Real> f = x => Weibull(x[1], 2.0).LogProb(x[0]);
        var program = Record(f, [1.0, 1.5]);
        var g = new double[2];
        Assert.True(program.TryEvaluate([-1.0, 1.5], g, out double value));
        Assert.Equal(double.NegativeInfinity, value);
        Assert.Equal([0.0, 0.0], g);
    }

    [Fact]
    public void A_kernel_is_shared_by_clones_and_a_node_without_one_still_fails_with_a_reason()
    {
        var program = Record(x => Poisson(x[0]).LogProb(2), [1.5]);
        var clone = program.Clone();
        var g = new double[1];
        Assert.True(clone.TryEvaluate([2.0], g, out double value));
        Assert.Equal(2 * Math.Log(2.0) - 2.0 - Math.Log(2.0), value, 1e-14);
        Assert.Equal(2 / 2.0 - 1, g[0], 1e-14);

        var tape = new Tape();
        tape.StartRecording();
        var v = tape.Variable(1.0);
        var custom = Tape.Record(3.0, v, 1.0);
        Assert.Null(TapeProgram.Compile(tape, [v], custom, out string? reason));
        Assert.Contains("without replay code", reason);
    }
}
