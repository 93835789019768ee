using Probabilistic.Distributions;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetBinomial = MathNet.Numerics.Distributions.Binomial;

namespace Probabilistic.Tests.Distributions.Discrete;

public sealed class BinomialTests
{
    [Theory]
    [InlineData(0, 0.3)]
    [InlineData(1, 0.5)]
    [InlineData(10, 0.3)]
    [InlineData(57, 0.97)]
    [InlineData(500, 0.02)]
    [InlineData(12, 0.0)]
    [InlineData(7, 1.0)]
    public void Mass_sums_to_one(int n, double p)
    {
        var d = new Binomial(n, p);
        double sum = 0;
        for (int k = 0; k <= n; k++) sum += Math.Exp(d.LogProb(k).Value);
        Assert.True(Math.Abs(sum - 1) <= 1e-9, $"Σ P(k) = {sum:R}");
        Assert.Equal(double.NegativeInfinity, d.LogProb(-1).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(n + 1).Value);
    }

    [Theory]
    [InlineData(1, 0.5, 0)]
    [InlineData(10, 0.3, 3)]
    [InlineData(10, 0.3, 10)]
    [InlineData(57, 0.97, 50)]
    [InlineData(1000, 0.25, 230)]
    [InlineData(1000, 0.001, 0)]
    [InlineData(40, 0.5, 1)]
    public void LogProb_matches_MathNet(int n, double p, int k) =>
        AssertRelative(MathNetBinomial.PMFLn(p, n, k), new Binomial(n, p).LogProb(k).Value, 1e-10, $"Binomial({n}, {p}) at {k}");

    [Fact]
    public void Degenerate_p_puts_all_mass_at_an_end()
    {
        Assert.Equal(0.0, new Binomial(5, 0.0).LogProb(0).Value);
        Assert.Equal(double.NegativeInfinity, new Binomial(5, 0.0).LogProb(1).Value);
        Assert.Equal(0.0, new Binomial(5, 1.0).LogProb(5).Value);
        Assert.Equal([5], new Binomial(5, 1.0).EnumerateSupport());
        Assert.Equal([0, 1, 2, 3], new Binomial(3, 0.4).EnumerateSupport());
    }

    // (20, 0.2) and (30, 0.9) use inversion (n·min(p, 1 − p) < 10), the others BTRS; 0.9 and 0.93
    // exercise the reflection n − X. μ₄ = npq(1 + 3pq(n − 2)).
    [Theory]
    [InlineData(20, 0.2, 1UL)]
    [InlineData(30, 0.9, 2UL)]
    [InlineData(1000, 0.3, 3UL)]
    [InlineData(1000, 0.93, 4UL)]
    [InlineData(100_000, 0.5, 5UL)]
    [InlineData(45, 0.25, 6UL)]
    public void Draws_have_the_mean_variance_and_masses(int n, double p, ulong seed)
    {
        var d = new Binomial(n, p);
        var draws = Draw(d, 100_000, seed);
        double q = 1 - p, v = n * p * q;
        AssertMeanAndVariance(AsDoubles(draws), d.Mean, d.Variance, v * (1 + 3 * p * q * (n - 2)), d.Name);
        Assert.Equal(n * p, d.Mean, 12);
        Assert.Equal(v, d.Variance, 12);
        AssertFrequencies(draws, k => MathNetBinomial.PMF(p, n, k), 0, n, d.Name);
    }

    [Fact]
    public void Draws_work_up_to_the_largest_n()
    {
        var d = new Binomial(int.MaxValue, 0.5);
        double sd = Math.Sqrt(d.Variance);
        var rng = new Rng(7);
        for (int i = 0; i < 100; i++) Assert.InRange(d.Sample(rng), d.Mean - 6 * sd, d.Mean + 6 * sd);
        Assert.Throws<InvalidOperationException>(() => d.EnumerateSupport());
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new Binomial(-1, 0.5));
        Assert.Equal("n", e.ParamName);
        Assert.Contains("Binomial", e.Message);
        Assert.Contains("-1", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Binomial(3, 1.5));
        Assert.Equal("p", e.ParamName);
        Assert.Contains("Binomial", e.Message);
        Assert.Contains("1.5", e.Message);
        Assert.Equal("p", Assert.Throws<ArgumentException>(() => new Binomial(3, double.NaN)).ParamName);
    }
}
