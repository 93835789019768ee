using Probabilistic.Distributions;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetBernoulli = MathNet.Numerics.Distributions.Bernoulli;

namespace Probabilistic.Tests.Distributions.Discrete;

public sealed class BernoulliTests
{
    public static TheoryData<Bernoulli> Distributions() =>
    [
        new Bernoulli(0.0), new Bernoulli(0.3), new Bernoulli(1.0),
        Bernoulli.FromLogit(-2.0), Bernoulli.FromLogit(0.7), Bernoulli.FromLogit(40.0),
    ];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Mass_sums_to_one(Bernoulli d)
    {
        double sum = Math.Exp(d.LogProb(false).Value) + Math.Exp(d.LogProb(true).Value);
        Assert.True(Math.Abs(sum - 1) <= 1e-9, $"{d.Name}: Σ P = {sum:R}");
        Assert.Equal(1.0, d.EnumerateSupport().Sum(b => Math.Exp(d.LogProb(b).Value)), 9);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.999)]
    [InlineData(1e-6)]
    public void LogProb_matches_MathNet(double p)
    {
        var d = new Bernoulli(p);
        AssertRelative(MathNetBernoulli.PMFLn(p, 1), d.LogProb(true).Value, 1e-10, $"Bernoulli({p}) at true");
        AssertRelative(MathNetBernoulli.PMFLn(p, 0), d.LogProb(false).Value, 1e-10, $"Bernoulli({p}) at false");
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.7)]
    [InlineData(12.0)]
    public void Logit_form_matches_MathNet(double alpha)
    {
        double p = 1 / (1 + Math.Exp(-alpha));
        var d = Bernoulli.FromLogit(alpha);
        AssertRelative(MathNetBernoulli.PMFLn(p, 1), d.LogProb(true).Value, 1e-10, $"BernoulliLogit({alpha}) at true");
        AssertRelative(MathNetBernoulli.PMFLn(p, 0), d.LogProb(false).Value, 1e-10, $"BernoulliLogit({alpha}) at false");
    }

    [Fact]
    public void Logit_form_keeps_tiny_probabilities()
    {
        // σ(−800) underflows, but log σ(−800) = −800 − log(1 + e^−800) = −800.
        Assert.Equal(-800.0, Bernoulli.FromLogit(-800.0).LogProb(true).Value);
        Assert.Equal(-800.0, Bernoulli.FromLogit(800.0).LogProb(false).Value);
        Assert.Equal([false, true], Bernoulli.FromLogit(800.0).EnumerateSupport());
    }

    // As 0/1: mean p, variance pq, μ₄ = pq(1 − 3pq).
    [Theory]
    [InlineData(0.3, 61UL)]
    [InlineData(0.02, 62UL)]
    public void Draws_have_the_mean_and_variance(double p, ulong seed)
    {
        var d = new Bernoulli(p);
        var rng = new Rng(seed);
        var draws = new double[100_000];
        for (int i = 0; i < draws.Length; i++) draws[i] = d.Sample(rng) ? 1 : 0;
        double q = 1 - p;
        AssertMeanAndVariance(draws, p, p * q, p * q * (1 - 3 * p * q), d.Name);
        Assert.Equal(p, d.Mean);
        Assert.Equal(p * q, d.Variance, 15);
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new Bernoulli(-0.25));
        Assert.Equal("p", e.ParamName);
        Assert.Contains("Bernoulli", e.Message);
        Assert.Contains("-0.25", e.Message);
        e = Assert.Throws<ArgumentException>(() => Bernoulli.FromLogit(double.NaN));
        Assert.Equal("alpha", e.ParamName);
        Assert.Contains("NaN", e.Message);
    }
}
