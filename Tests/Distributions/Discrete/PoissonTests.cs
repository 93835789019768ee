using Probabilistic.Distributions;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetPoisson = MathNet.Numerics.Distributions.Poisson;

namespace Probabilistic.Tests.Distributions.Discrete;

public sealed class PoissonTests
{
    // Truncation: P(j + 1)/P(j) = λ/(j + 1) decreases in j, so past the mode the tail after k is at
    // most P(k)·ρ/(1 − ρ) with ρ = λ/(k + 1); the sum stops once that bound is below 1e−12.
    [Theory]
    [InlineData(0.1)]
    [InlineData(3.7)]
    [InlineData(9.99)]
    [InlineData(10.0)]
    [InlineData(47.3)]
    [InlineData(1000.0)]
    public void Mass_sums_to_one(double lambda)
    {
        var d = new Poisson(lambda);
        var (sum, _) = SumWithTail(k => Math.Exp(d.LogProb(k).Value), 0, k => lambda / (k + 1));
        Assert.True(Math.Abs(sum - 1) <= 1e-9, $"Σ P(k) = {sum:R}");
        Assert.Equal(double.NegativeInfinity, d.LogProb(-1).Value);
    }

    [Theory]
    [InlineData(0.1, 0)]
    [InlineData(0.1, 3)]
    [InlineData(3.7, 2)]
    [InlineData(47.3, 60)]
    [InlineData(1000.0, 950)]
    [InlineData(1e-3, 5)]
    public void LogProb_matches_MathNet(double lambda, int k) =>
        AssertRelative(MathNetPoisson.PMFLn(lambda, k), new Poisson(lambda).LogProb(k).Value, 1e-10, $"Poisson({lambda}) at {k}");

    // λ < 10 uses inversion, λ ≥ 10 PTRS. μ₄ = λ(1 + 3λ).
    [Theory]
    [InlineData(0.5, 11UL)]
    [InlineData(4.2, 12UL)]
    [InlineData(9.9, 13UL)]
    [InlineData(10.0, 14UL)]
    [InlineData(37.5, 15UL)]
    [InlineData(10_000.0, 16UL)]
    public void Draws_have_the_mean_variance_and_masses(double lambda, ulong seed)
    {
        var d = new Poisson(lambda);
        var draws = Draw(d, 100_000, seed);
        AssertMeanAndVariance(AsDoubles(draws), lambda, lambda, lambda * (1 + 3 * lambda), d.Name);
        Assert.Equal(lambda, d.Mean);
        Assert.Equal(lambda, d.Variance);
        AssertFrequencies(draws, k => MathNetPoisson.PMF(lambda, k), 0, (int)(lambda + 20 * Math.Sqrt(lambda) + 20), d.Name);
    }

    [Fact]
    public void A_draw_beyond_the_int_range_is_an_overflow_naming_the_distribution()
    {
        var e = Assert.Throws<OverflowException>(() => new Poisson(1e10).Sample(new Rng(1)));
        Assert.Contains("Poisson(lambda=10000000000)", e.Message);
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new Poisson(-2.5));
        Assert.Equal("lambda", e.ParamName);
        Assert.Contains("Poisson", e.Message);
        Assert.Contains("-2.5", e.Message);
        Assert.Equal("lambda", Assert.Throws<ArgumentException>(() => new Poisson(0.0)).ParamName);
        Assert.Equal("lambda", Assert.Throws<ArgumentException>(() => new Poisson(double.NaN)).ParamName);
        Assert.Equal("lambda", Assert.Throws<ArgumentException>(() => new Poisson(double.PositiveInfinity)).ParamName);
    }
}
