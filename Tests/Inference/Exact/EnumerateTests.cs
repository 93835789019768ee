using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Tests.Data;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Exact;

public class EnumerateTests
{
    [Fact]
    public void BurglaryMatchesTheExactReference()
    {
        var reference = RepositoryData.Json("burglary.json").GetProperty("reference");
        var posterior = Infer.Enumerate(Burglary.Model());
        Assert.Equal(reference.GetProperty("P_burglary_given_evidence").GetDouble(), posterior.Probability(x => x.Burglary), 1e-12);
        Assert.Equal(reference.GetProperty("evidence_prob").GetDouble(), posterior.Evidence, 1e-12);
        Assert.Equal(reference.GetProperty("log_evidence").GetDouble(), posterior.LogEvidence, 1e-12);
        var marginals = reference.GetProperty("posterior_true");
        Assert.Equal(marginals.GetProperty("earthquake").GetDouble(), posterior.Probability(x => x.Earthquake), 1e-12);
        Assert.Equal(marginals.GetProperty("alarm").GetDouble(), posterior.Probability(x => x.Alarm), 1e-12);
        Assert.Equal(1.0, posterior.Probabilities.Sum(), 12);
    }

    [Fact]
    public void CoinFlipPosteriorByHand()
    {
        // P(bias | 7 heads, 3 tails) ∝ prior · bias^7 (1 − bias)^3.
        double[] biases = [0.3, 0.5, 0.7], prior = [0.25, 0.5, 0.25];
        var w = biases.Select((b, i) => prior[i] * Math.Pow(b, 7) * Math.Pow(1 - b, 3)).ToArray();
        var posterior = Infer.Enumerate(CoinFlip.Model(CoinFlip.Flips));
        for (int i = 0; i < 3; i++) Assert.Equal(w[i] / w.Sum(), posterior.Probability(biases[i]), 12);
        Assert.Equal(Math.Log(w.Sum()), posterior.LogEvidence, 12);
    }

    [Fact]
    public void ContinuousChoiceIsAClearError()
    {
        var model = from b in Sample("b", Bernoulli(0.5))
                    from u in Call("inner", Sample("u", Uniform(0, 1)))
                    select b;
        var e = Assert.Throws<ModelException>(() => Infer.Enumerate(model));
        Assert.Equal(Address.Parse("inner/u"), e.Address);
        Assert.Contains("Uniform", e.Message);
    }

    [Fact]
    public void AllExecutionsImpossibleIsAClearError()
    {
        var model = from b in Sample("b", Bernoulli(0.5))
                    from _ in Condition(b && !b)
                    select b;
        var e = Assert.Throws<ModelException>(() => Infer.Enumerate(model));
        Assert.Contains("probability 0", e.Message);
    }

    [Fact]
    public void DuplicateAddressIsCaughtOnEveryPath()
    {
        var model = from b in Sample("b", Bernoulli(0.5))
                    from c in b ? Sample("b", Bernoulli(0.5)) : Return(false)
                    select c;
        Assert.Equal(Address.Parse("b"), Assert.Throws<DuplicateAddressException>(() => Infer.Enumerate(model)).Address);
    }

    [Fact]
    public void EnumeratesFoldsAndPlatesWithGrouping()
    {
        // Number of heads in 10 fair flips: Binomial(10, 1/2).
        var heads = Plate("flip", 10, Bernoulli(0.5)).Select(xs => xs.Count(x => x));
        var posterior = Infer.Enumerate(heads);
        for (int k = 0; k <= 10; k++)
            Assert.Equal(MathNet.Numerics.Distributions.Binomial.PMF(0.5, 10, k), posterior.Probability(k), 12);
        Assert.Equal(0.0, posterior.LogEvidence, 12);
    }

    [Fact]
    public void NullIsAnOrdinaryValueOfAFiniteSupport()
    {
        var model = Sample("s", UniformDraw<string?>(null, "a")).Select(v => v ?? "none");
        var posterior = Infer.Enumerate(model);
        Assert.Equal(0.5, posterior.Probability("none"), 12);
        Assert.Equal(0.5, posterior.Probability("a"), 12);
    }
}
