using Probabilistic.Distributions;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetCategorical = MathNet.Numerics.Distributions.Categorical;

namespace Probabilistic.Tests.Distributions.Discrete;

public sealed class CategoricalTests
{
    private static readonly double[] Probs = [0.1, 0.0, 0.25, 0.4, 0.25];
    private static readonly double[] Logits = [1.5, -0.3, 0.0, 2.2, -4.0, 0.9];

    private static double[] Softmax(double[] logits)
    {
        double m = logits.Max();
        var e = logits.Select(x => Math.Exp(x - m)).ToArray();
        double s = e.Sum();
        return e.Select(x => x / s).ToArray();
    }

    [Fact]
    public void Mass_sums_to_one_in_both_forms()
    {
        foreach (var d in new[] { new Categorical(Probs), Categorical.FromLogits(Array.ConvertAll(Logits, x => new Real(x))) })
        {
            double sum = 0;
            for (int k = 0; k < d.Count; k++) sum += Math.Exp(d.LogProb(k).Value);
            Assert.True(Math.Abs(sum - 1) <= 1e-9, $"{d.Name}: Σ P = {sum:R}");
            Assert.Equal(1.0, d.EnumerateSupport().Sum(k => Math.Exp(d.LogProb(k).Value)), 9);
            Assert.Equal(double.NegativeInfinity, d.LogProb(-1).Value);
            Assert.Equal(double.NegativeInfinity, d.LogProb(d.Count).Value);
        }
        Assert.Equal([0, 2, 3, 4], new Categorical(Probs).EnumerateSupport());
    }

    [Fact]
    public void LogProb_matches_MathNet()
    {
        var d = new Categorical(Probs);
        foreach (int k in new[] { 0, 2, 3 })
            AssertRelative(MathNetCategorical.PMFLn(Probs, k), d.LogProb(k).Value, 1e-10, $"{d.Name} at {k}");
        Assert.Equal(double.NegativeInfinity, d.LogProb(1).Value);
        var softmax = Softmax(Logits);
        var l = Dist.CategoricalLogits(Logits);
        for (int k = 0; k < Logits.Length; k++)
        {
            AssertRelative(MathNetCategorical.PMFLn(softmax, k), l.LogProb(k).Value, 1e-10, $"{l.Name} at {k}");
            Assert.Equal(softmax[k], l.Probs[k].Value, 14);
        }
    }

    // μ₄ = Σᵢ (i − mean)⁴ probsᵢ, the 4th central moment by its definition.
    [Fact]
    public void Draws_have_the_mean_variance_and_masses()
    {
        foreach (var (d, p, seed) in new[] { (new Categorical(Probs), Probs, 71UL), (Dist.CategoricalLogits(Logits), Softmax(Logits), 72UL) })
        {
            var draws = Draw(d, 100_000, seed);
            double mean = 0, v = 0, m4 = 0;
            for (int i = 0; i < p.Length; i++) mean += i * p[i];
            for (int i = 0; i < p.Length; i++)
            {
                v += Math.Pow(i - mean, 2) * p[i];
                m4 += Math.Pow(i - mean, 4) * p[i];
            }
            AssertMeanAndVariance(AsDoubles(draws), mean, v, m4, d.Name);
            Assert.Equal(mean, d.Mean, 12);
            Assert.Equal(v, d.Variance, 12);
            AssertFrequencies(draws, k => p[k], 0, p.Length - 1, d.Name);
        }
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new Categorical(0.5, 0.4));
        Assert.Equal("probs", e.ParamName);
        Assert.Contains("Categorical", e.Message);
        Assert.Contains("0.9", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Categorical(1.2, -0.2));
        Assert.Equal("probs[0]", e.ParamName);
        Assert.Contains("1.2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.CategoricalLogits(0.0, double.NaN));
        Assert.Equal("logits[1]", e.ParamName);
        Assert.Contains("NaN", e.Message);
    }
}
