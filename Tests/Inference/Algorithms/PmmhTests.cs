using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>Particle marginal Metropolis–Hastings against exact enumeration.</summary>
public class PmmhTests
{
    // A binary HMM whose observation accuracy is an unknown parameter k taking three values:
    // k ~ Categorical(1/3, 1/3, 1/3), z_0 ~ Bernoulli(.5), z_t stays with probability .8,
    // y_t ~ Bernoulli(z_t ? a_k : 1 − a_k). Infer.Enumerate gives p(k | y) exactly.
    private static readonly double[] Accuracy = [0.6, 0.75, 0.9];
    private static readonly bool[] Observed = [true, true, true, true, true, true];

    private static Model<int> Hmm() =>
        from k in Sample("k", Categorical(1 / 3.0, 1 / 3.0, 1 / 3.0))
        from last in Fold("z", Observed.Length, false, (prev, t) =>
            from z in Sample("z", Bernoulli(t == 0 ? 0.5 : prev ? 0.8 : 0.2))
            from _ in Observe(Bernoulli(z ? Accuracy[k] : 1 - Accuracy[k]), Observed[t])
            select z)
        select k;

    /// <summary>
    /// Tolerance: the chain's frequency of k has variance ≤ τ·π_k(1 − π_k)/n, τ the integrated autocorrelation time.
    /// PMMH with an independent proposal q is an independence MH sampler on the extended space (θ, u), u the SMC's
    /// randomness, with importance weight w(θ, u) = Ẑ(θ, u) / (Z·q(θ)), Ẑ the estimate of p(θ, y) and Z = p(y)
    /// (Andrieu &amp; Roberts 2009). Here Ẑ(θ, u) ≤ p(θ)·Π_t max_z g_t(z) = p(θ)·a_k^T, because every factor of Ẑ
    /// (the mean of normalized weights times one observation's likelihood, also under adaptive resampling) is at
    /// most that likelihood's maximum. So w ≤ w* = max_k p(k)·a_k^T / (Z·q(k)); then the spectral gap is ≥ 1/w*
    /// and the spectrum is non-negative (Mengersen &amp; Tweedie, Ann. Statist. 1996, Thm 2.1; Atchadé &amp;
    /// Perron, ESAIM P&amp;S 2007), so τ ≤ (1 + λ)/(1 − λ) ≤ 2w* − 1 for every function. We assert
    /// |π̂_k − π_k| ≤ 5·√((2w* − 1)·π_k(1 − π_k)/n). The burn-in (500 ≫ w*) makes the start's bias negligible:
    /// the distance to stationarity after m steps is ≤ (1 − 1/w*)^m.
    /// </summary>
    private static void AssertMatchesExact(PmmhChain<int> chain, Func<int, double> proposal)
    {
        var exact = Infer.Enumerate(Hmm());
        double z = Math.Exp(exact.LogEvidence);
        double wStar = Enumerable.Range(0, 3).Max(k => (1 / 3.0) * Math.Pow(Accuracy[k], Observed.Length) / (z * proposal(k)));
        double tau = 2 * wStar - 1;
        int n = chain.Parameters.Count;
        for (int k = 0; k < 3; k++)
        {
            double p = exact.Probability(k);
            double pHat = chain.Expectation(theta => theta.Get<int>("k") == k ? 1 : 0);
            double tol = 5 * Math.Sqrt(tau * p * (1 - p) / n);
            Assert.InRange(pHat, p - tol, p + tol);
            // The return value of the drawn particle is k itself.
            Assert.Equal(chain.Parameters.Select(t => t.Get<int>("k")), chain.Values);
        }
        Assert.InRange(chain.AcceptanceRate, 0.05, 1.0);
    }

    [Fact]
    public void PriorProposalsMatchTheExactPosteriorOfTheParameter()
    {
        // w* ≈ 10.3 here (Z ≈ 0.0517), so τ ≤ 19.6 and with n = 20,000 the tolerance on π_2 ≈ 0.61 is ≈ 0.077.
        var chain = Infer.Pmmh(Hmm(), Selection.Of("k"), new PmmhOptions { Samples = 20_000, BurnIn = 500, Particles = 20, Seed = 3 });
        AssertMatchesExact(chain, _ => 1 / 3.0);
    }

    [Fact]
    public void UserProposalsCarryTheirCorrection()
    {
        // An independent proposal q = (.2, .3, .5) ≠ prior: the ratio q(θ)/q(θ') must enter α. w* ≈ 6.9, τ ≤ 12.7.
        double[] q = [0.2, 0.3, 0.5];
        var chain = Infer.Pmmh(Hmm(), Selection.Of("k"), _ => Sample("k", Categorical(q)),
            new PmmhOptions { Samples = 10_000, BurnIn = 500, Particles = 20, Seed = 5 });
        AssertMatchesExact(chain, k => q[k]);
    }

    [Fact]
    public void BadSelectionsAndProposalsAreClearErrors()
    {
        var e = Assert.Throws<ModelException>(() => Infer.Pmmh(Hmm(), Selection.Of("k", "sigma"), new PmmhOptions { Samples = 10 }));
        Assert.Contains("'sigma'", e.Message);
        Assert.Equal(Address.Parse("sigma"), e.Address);
        Assert.Throws<ModelException>(() => Infer.Pmmh(Hmm(), Selection.Prefix("nothing"), new PmmhOptions { Samples = 10 }));
        var p = Assert.Throws<ModelException>(() => Infer.Pmmh(Hmm(), Selection.Of("k"), _ => Sample("w", Bernoulli(0.5)), new PmmhOptions { Samples = 10 }));
        Assert.Contains("'w'", p.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Pmmh(Hmm(), Selection.Of("k"), new PmmhOptions { Particles = 0 }));
    }
}
