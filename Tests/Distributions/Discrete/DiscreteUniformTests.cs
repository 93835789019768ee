using Probabilistic.Distributions;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetDiscreteUniform = MathNet.Numerics.Distributions.DiscreteUniform;

namespace Probabilistic.Tests.Distributions.Discrete;

public sealed class DiscreteUniformTests
{
    [Theory]
    [InlineData(-3, 7)]
    [InlineData(0, 0)]
    [InlineData(5, 1000)]
    public void Mass_sums_to_one_over_the_listed_support(int lower, int upper)
    {
        var d = new DiscreteUniform(lower, upper);
        var support = d.EnumerateSupport();
        Assert.Equal(upper - lower + 1, support.Count);
        Assert.Equal(Enumerable.Range(lower, upper - lower + 1), support);
        double sum = support.Sum(k => Math.Exp(d.LogProb(k).Value));
        Assert.True(Math.Abs(sum - 1) <= 1e-9, $"Σ P(k) = {sum:R}");
        Assert.Equal(double.NegativeInfinity, d.LogProb(lower - 1).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(upper + 1).Value);
    }

    [Theory]
    [InlineData(-3, 7, 0)]
    [InlineData(5, 1000, 999)]
    [InlineData(0, 1, 1)]
    public void LogProb_matches_MathNet(int lower, int upper, int k) =>
        AssertRelative(MathNetDiscreteUniform.PMFLn(lower, upper, k), new DiscreteUniform(lower, upper).LogProb(k).Value, 1e-10, $"DiscreteUniform({lower}, {upper}) at {k}");

    // With m values: σ² = (m² − 1)/12 and excess kurtosis −6(m² + 1)/(5(m² − 1)).
    [Theory]
    [InlineData(-3, 7, 51UL)]
    [InlineData(5, 1000, 52UL)]
    [InlineData(0, 1, 53UL)]
    public void Draws_have_the_mean_variance_and_masses(int lower, int upper, ulong seed)
    {
        var d = new DiscreteUniform(lower, upper);
        var draws = Draw(d, 100_000, seed);
        double m = upper - lower + 1, v = (m * m - 1) / 12;
        AssertMeanAndVariance(AsDoubles(draws), (lower + upper) / 2.0, v, v * v * (3 - 6 * (m * m + 1) / (5 * (m * m - 1))), d.Name);
        Assert.Equal((lower + upper) / 2.0, d.Mean);
        Assert.Equal(v, d.Variance, 9);
        if (m <= 20) AssertFrequencies(draws, _ => 1 / m, lower, upper, d.Name);
        Assert.All(draws, x => Assert.InRange(x, lower, upper));
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new DiscreteUniform(4, 2));
        Assert.Equal("upper", e.ParamName);
        Assert.Contains("DiscreteUniform", e.Message);
        Assert.Contains("2", e.Message);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => new DiscreteUniform(int.MinValue, int.MaxValue)).ParamName);
    }
}
