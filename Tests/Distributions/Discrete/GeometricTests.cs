using Probabilistic.Distributions;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetGeometric = MathNet.Numerics.Distributions.Geometric;

namespace Probabilistic.Tests.Distributions.Discrete;

public sealed class GeometricTests
{
    // The tail after k is exactly (1 − p)^(k+1) = P(k)·ρ/(1 − ρ) with ρ = 1 − p.
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.9)]
    [InlineData(0.3)]
    [InlineData(0.01)]
    public void Mass_sums_to_one(double p)
    {
        var d = new Geometric(p);
        var (sum, _) = SumWithTail(k => Math.Exp(d.LogProb(k).Value), 0, _ => 1 - p);
        Assert.True(Math.Abs(sum - 1) <= 1e-9, $"Σ P(k) = {sum:R}");
        Assert.Equal(double.NegativeInfinity, d.LogProb(-1).Value);
    }

    // MathNet's Geometric counts trials (support 1, 2, …): our k failures are its k + 1 trials.
    [Theory]
    [InlineData(0.9, 0)]
    [InlineData(0.3, 4)]
    [InlineData(0.01, 250)]
    [InlineData(0.5, 1)]
    public void LogProb_matches_MathNet(double p, int k) =>
        AssertRelative(MathNetGeometric.PMFLn(p, k + 1), new Geometric(p).LogProb(k).Value, 1e-10, $"Geometric({p}) at {k}");

    // Excess kurtosis 6 + p²/(1 − p), so μ₄ = σ⁴(9 + p²/(1 − p)).
    [Theory]
    [InlineData(0.9, 21UL)]
    [InlineData(0.3, 22UL)]
    [InlineData(0.02, 23UL)]
    public void Draws_have_the_mean_variance_and_masses(double p, ulong seed)
    {
        var d = new Geometric(p);
        var draws = Draw(d, 100_000, seed);
        double q = 1 - p, v = q / (p * p);
        AssertMeanAndVariance(AsDoubles(draws), q / p, v, v * v * (9 + p * p / q), d.Name);
        Assert.Equal(q / p, d.Mean, 12);
        Assert.Equal(v, d.Variance, 9);
        AssertFrequencies(draws, k => MathNetGeometric.PMF(p, k + 1), 0, 5000, d.Name);
    }

    [Fact]
    public void Certain_success_gives_zero_failures()
    {
        var d = new Geometric(1.0);
        Assert.All(Draw(d, 100, 24), x => Assert.Equal(0, x));
        Assert.Equal(0.0, d.LogProb(0).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(1).Value);
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new Geometric(0.0));
        Assert.Equal("p", e.ParamName);
        Assert.Contains("Geometric", e.Message);
        Assert.Contains("0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Geometric(1.25));
        Assert.Contains("1.25", e.Message);
        Assert.Equal("p", Assert.Throws<ArgumentException>(() => new Geometric(double.NaN)).ParamName);
    }
}
