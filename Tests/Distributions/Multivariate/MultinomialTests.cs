using Probabilistic.Distributions;
using Probabilistic.Tests.Distributions.Discrete;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetBinomial = MathNet.Numerics.Distributions.Binomial;
using MathNetMultinomial = MathNet.Numerics.Distributions.Multinomial;

namespace Probabilistic.Tests.Distributions.Multivariate;

public sealed class MultinomialTests
{
    public static TheoryData<int, double[]> Small() => new()
    {
        { 0, [0.2, 0.3, 0.5] },
        { 5, [0.2, 0.3, 0.5] },
        { 4, [0.1, 0.0, 0.6, 0.3] },
        { 7, [0.35, 0.65] },
        { 6, [0.1, 0.2, 0.3, 0.15, 0.25] },
        { 3, [1.0] },
    };

    [Theory]
    [MemberData(nameof(Small))]
    public void Mass_sums_to_one_over_all_outcomes(int n, double[] probs)
    {
        var d = new Multinomial(n, Array.ConvertAll(probs, p => new Real(p)));
        // Every vector of K counts in 0 … n: those summing to n are the support, the others have mass 0.
        int k = probs.Length;
        double sum = 0;
        int listed = 0;
        foreach (var x in AllCountVectors(k, n))
        {
            double lp = d.LogProb(x).Value;
            bool inSupport = x.Sum() == n && x.Select((c, i) => c == 0 || probs[i] > 0).All(b => b);
            Assert.Equal(inSupport, lp > double.NegativeInfinity);
            if (inSupport) listed++;
            sum += Math.Exp(lp);
        }
        Assert.True(Math.Abs(sum - 1) <= 1e-9, $"{d.Name}: Σ P = {sum:R}");
        var support = d.EnumerateSupport();
        Assert.Equal(listed, support.Count);
        Assert.Equal(support.Count, support.Select(x => string.Join(",", x)).Distinct().Count());
        Assert.Equal(1.0, support.Sum(x => Math.Exp(d.LogProb(x).Value)), 9);
        Assert.All(support, x => Assert.True(d.Support.Contains(Array.ConvertAll(x, c => (double)c))));
    }

    private static IEnumerable<int[]> AllCountVectors(int k, int n)
    {
        var x = new int[k];
        while (true)
        {
            yield return (int[])x.Clone();
            int i = 0;
            while (i < k && x[i] == n) x[i++] = 0;
            if (i == k) yield break;
            x[i]++;
        }
    }

    [Theory]
    [InlineData(new[] { 1, 2, 2 }, new[] { 0.2, 0.3, 0.5 })]
    [InlineData(new[] { 0, 0, 9 }, new[] { 0.2, 0.3, 0.5 })]
    [InlineData(new[] { 30, 12, 50, 8 }, new[] { 0.25, 0.15, 0.45, 0.15 })]
    public void LogProb_matches_MathNet(int[] x, double[] probs)
    {
        var d = new Multinomial(x.Sum(), Array.ConvertAll(probs, p => new Real(p)));
        AssertRelative(new MathNetMultinomial(probs, x.Sum()).ProbabilityLn(x), d.LogProb(x).Value, 1e-10, $"{d.Name} at [{string.Join(", ", x)}]");
    }

    [Fact]
    public void Values_outside_the_support_have_log_mass_minus_infinity_and_wrong_lengths_throw()
    {
        var d = Dist.Multinomial(4, 0.5, 0.0, 0.5);
        Assert.Equal(double.NegativeInfinity, d.LogProb([2, 1, 1]).Value); // a count where p = 0
        Assert.Equal(double.NegativeInfinity, d.LogProb([5, 0, -1]).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb([1, 0, 1]).Value); // total 2 ≠ 4
        var e = Assert.Throws<ArgumentException>(() => d.LogProb([4, 0]));
        Assert.Contains("length 3", e.Message);
        Assert.Equal("count_vector(total=4, length=3)", d.Support.Name);
        Assert.True(d.Support.IsDiscrete);
        Assert.Equal(3, d.Support.Dimension);
    }

    // Each count is Binomial(n, probsᵢ): mean n pᵢ, variance n pᵢ qᵢ, μ₄ = n pᵢ qᵢ(1 + 3pᵢqᵢ(n − 2));
    // the first count's frequencies are also checked against MathNet's binomial masses.
    [Fact]
    public void Draws_have_the_binomial_marginals()
    {
        double[] probs = [0.15, 0.0, 0.5, 0.05, 0.3];
        foreach (var (n, seed) in new[] { (12, 91UL), (400, 92UL) })
        {
            var d = Dist.Multinomial(n, probs);
            var rng = new Rng(seed);
            var draws = new int[100_000][];
            for (int i = 0; i < draws.Length; i++) draws[i] = d.Sample(rng);
            Assert.All(draws, x => Assert.Equal(n, x.Sum()));
            Assert.All(draws, x => Assert.Equal(0, x[1]));
            for (int c = 0; c < probs.Length; c++)
            {
                if (probs[c] == 0) continue;
                double p = probs[c], q = 1 - p, v = n * p * q;
                var marginal = draws.Select(x => (double)x[c]).ToArray();
                AssertMeanAndVariance(marginal, n * p, v, v * (1 + 3 * p * q * (n - 2)), $"{d.Name}, count {c}");
                Assert.Equal(n * p, d.Mean[c], 12);
                Assert.Equal(v, d.Variance[c], 12);
            }
            AssertFrequencies(draws.Select(x => x[0]).ToArray(), k => MathNetBinomial.PMF(probs[0], n, k), 0, n, $"{d.Name}, count 0");
        }
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => Dist.Multinomial(-2, 0.5, 0.5));
        Assert.Equal("n", e.ParamName);
        Assert.Contains("Multinomial", e.Message);
        Assert.Contains("-2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.Multinomial(3, 0.5, 0.4));
        Assert.Equal("probs", e.ParamName);
        Assert.Contains("0.9", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.Multinomial(3, 0.5, double.NaN));
        Assert.Equal("probs[1]", e.ParamName);
        Assert.Contains("NaN", e.Message);
    }
}
