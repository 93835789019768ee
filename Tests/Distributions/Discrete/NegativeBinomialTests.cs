using Probabilistic.Distributions;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetNegativeBinomial = MathNet.Numerics.Distributions.NegativeBinomial;

namespace Probabilistic.Tests.Distributions.Discrete;

/// <summary>NegativeBinomial(r, p) (failures before the r-th success) and NegativeBinomial2(μ, φ) = NegativeBinomial(φ, φ/(μ + φ)).</summary>
public sealed class NegativeBinomialTests
{
    // Truncation: P(j + 1)/P(j) = (j + r)/(j + 1)·(1 − p), which decreases in j for r ≥ 1 and increases
    // towards 1 − p for r < 1, so sup_{j ≥ k} is max((k + r)/(k + 1), 1)·(1 − p) and the tail after k
    // is at most P(k)·ρ/(1 − ρ).
    private static Func<int, double> RatioBound(double r, double p) => k => Math.Max((k + r) / (k + 1), 1.0) * (1 - p);

    [Theory]
    [InlineData(1.0, 0.3)]
    [InlineData(2.5, 0.6)]
    [InlineData(0.3, 0.2)]
    [InlineData(40.0, 0.9)]
    [InlineData(5.0, 1.0)]
    public void Mass_sums_to_one(double r, double p)
    {
        var d = new NegativeBinomial(r, p);
        var (sum, _) = SumWithTail(k => Math.Exp(d.LogProb(k).Value), 0, RatioBound(r, p));
        Assert.True(Math.Abs(sum - 1) <= 1e-9, $"Σ P(k) = {sum:R}");
        Assert.Equal(double.NegativeInfinity, d.LogProb(-1).Value);
    }

    [Theory]
    [InlineData(3.0, 0.5)]
    [InlineData(10.0, 4.0)]
    [InlineData(100.0, 1000.0)]
    [InlineData(0.2, 0.05)]
    public void Mean_dispersion_mass_sums_to_one(double mu, double phi)
    {
        var d = new NegativeBinomial2(mu, phi);
        var (sum, _) = SumWithTail(k => Math.Exp(d.LogProb(k).Value), 0, RatioBound(phi, phi / (mu + phi)));
        Assert.True(Math.Abs(sum - 1) <= 1e-9, $"Σ P(k) = {sum:R}");
    }

    [Theory]
    [InlineData(1.0, 0.3, 0)]
    [InlineData(2.5, 0.6, 3)]
    [InlineData(0.3, 0.2, 17)]
    [InlineData(40.0, 0.9, 2)]
    [InlineData(7.0, 0.05, 180)]
    [InlineData(1.5, 0.5, 100)]
    public void LogProb_matches_MathNet(double r, double p, int k) =>
        AssertRelative(MathNetNegativeBinomial.PMFLn(r, p, k), new NegativeBinomial(r, p).LogProb(k).Value, 1e-10, $"NegativeBinomial({r}, {p}) at {k}");

    [Theory]
    [InlineData(3.0, 0.5, 0)]
    [InlineData(3.0, 0.5, 7)]
    [InlineData(10.0, 4.0, 12)]
    [InlineData(100.0, 1000.0, 90)]
    [InlineData(100.0, 1000.0, 40)]
    public void Mean_dispersion_LogProb_matches_MathNet(double mu, double phi, int k) =>
        AssertRelative(MathNetNegativeBinomial.PMFLn(phi, phi / (mu + phi), k), new NegativeBinomial2(mu, phi).LogProb(k).Value, 1e-10, $"NegativeBinomial2({mu}, {phi}) at {k}");

    [Fact]
    public void One_success_is_the_geometric()
    {
        var nb = new NegativeBinomial(1.0, 0.35);
        var g = new Geometric(0.35);
        for (int k = 0; k < 30; k++) AssertRelative(g.LogProb(k).Value, nb.LogProb(k).Value, 1e-13, $"k = {k}");
    }

    // Excess kurtosis 6/r + p²/(r(1 − p)), so μ₄ = σ⁴(3 + 6/r + p²/(r(1 − p))). Draws use the Gamma–Poisson mixture.
    [Theory]
    [InlineData(1.0, 0.3, 31UL)]
    [InlineData(2.5, 0.6, 32UL)]
    [InlineData(0.3, 0.2, 33UL)]
    [InlineData(40.0, 0.9, 34UL)]
    [InlineData(200.0, 0.1, 35UL)]
    public void Draws_have_the_mean_variance_and_masses(double r, double p, ulong seed)
    {
        var d = new NegativeBinomial(r, p);
        AssertNegativeBinomialDraws(d, r, p, seed);
        Assert.Equal(r * (1 - p) / p, d.Mean, 10);
        Assert.Equal(r * (1 - p) / (p * p), d.Variance, 9);
    }

    [Theory]
    [InlineData(3.0, 0.5, 41UL)]
    [InlineData(10.0, 4.0, 42UL)]
    [InlineData(250.0, 50.0, 43UL)]
    public void Mean_dispersion_draws_have_the_mean_variance_and_masses(double mu, double phi, ulong seed)
    {
        var d = new NegativeBinomial2(mu, phi);
        AssertNegativeBinomialDraws(d, phi, phi / (mu + phi), seed);
        Assert.Equal(mu, d.Mean);
        Assert.Equal(mu + mu * mu / phi, d.Variance, 10);
    }

    private static void AssertNegativeBinomialDraws(IDiscreteDistribution d, double r, double p, ulong seed)
    {
        var draws = Draw(d, 100_000, seed);
        double q = 1 - p, mean = r * q / p, v = r * q / (p * p);
        AssertMeanAndVariance(AsDoubles(draws), mean, v, v * v * (3 + 6 / r + p * p / (r * q)), d.Name);
        AssertFrequencies(draws, k => MathNetNegativeBinomial.PMF(r, p, k), 0, (int)(mean + 30 * Math.Sqrt(v) + 30), d.Name);
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new NegativeBinomial(-1.5, 0.5));
        Assert.Equal("r", e.ParamName);
        Assert.Contains("NegativeBinomial", e.Message);
        Assert.Contains("-1.5", e.Message);
        e = Assert.Throws<ArgumentException>(() => new NegativeBinomial(2, 0.0));
        Assert.Equal("p", e.ParamName);
        Assert.Contains("0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new NegativeBinomial2(double.NaN, 1));
        Assert.Equal("mu", e.ParamName);
        Assert.Contains("NegativeBinomial2", e.Message);
        Assert.Contains("NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => new NegativeBinomial2(1, -3));
        Assert.Equal("phi", e.ParamName);
        Assert.Contains("-3", e.Message);
    }
}
