using Probabilistic.Distributions;
using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using MathNetBinomial = MathNet.Numerics.Distributions.Binomial;

namespace Probabilistic.Tests.Distributions.Discrete;

/// <summary>The finite distributions work under exact enumeration (Infer.Enumerate lists their supports).</summary>
public sealed class EnumerationTests
{
    // n ~ DiscreteUniform(1, 4), observe 2 ~ Binomial(n, 0.3): P(n | data) ∝ C(n, 2) 0.3² 0.7ⁿ⁻² for n ≥ 2.
    [Fact]
    public void Binomial_likelihood_over_a_uniform_count()
    {
        var model = from n in Sample("n", Dist.DiscreteUniform(1, 4))
                    from _ in Observe(Dist.Binomial(n, 0.3), 2)
                    select n;
        var posterior = Infer.Enumerate(model);
        var w = Enumerable.Range(1, 4).Select(n => 0.25 * MathNetBinomial.PMF(0.3, n, 2)).ToArray();
        for (int n = 1; n <= 4; n++) Assert.Equal(w[n - 1] / w.Sum(), posterior.Probability(n), 12);
        Assert.Equal(Math.Log(w.Sum()), posterior.LogEvidence, 12);
    }

    // The first count of Multinomial(3, probs) is Binomial(3, probs₀); a Delta choice contributes nothing.
    [Fact]
    public void Multinomial_marginal_and_delta_under_enumeration()
    {
        var model = from x in Sample("x", Dist.Multinomial(3, 0.2, 0.3, 0.5))
                    from c in Sample("c", Dist.Delta(1.5))
                    select x[0] + c.Value;
        var posterior = Infer.Enumerate(model);
        for (int k = 0; k <= 3; k++) Assert.Equal(MathNetBinomial.PMF(0.2, 3, k), posterior.Probability(k + 1.5), 12);
        Assert.Equal(0.0, posterior.LogEvidence, 12);
    }
}
