using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Tests.Data;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>Importance sampling and SMC on discrete models with exact answers (MH: <c>Tests/Inference/Traced/KernelTests.cs</c>).</summary>
public class DiscreteMonteCarloTests
{
    private static readonly double BurglaryExact =
        RepositoryData.Json("burglary.json").GetProperty("reference").GetProperty("P_burglary_given_evidence").GetDouble();

    private static readonly double BurglaryLogEvidence =
        RepositoryData.Json("burglary.json").GetProperty("reference").GetProperty("log_evidence").GetDouble();

    // A 4-step binary HMM with noisy observations: small enough to enumerate, sequential enough for SMC.
    private static readonly bool[] Observed = [true, true, false, true];

    private static Model<bool> Hmm() =>
        from last in Fold("z", Observed.Length, false, (prev, t) =>
            from z in Sample("z", Bernoulli(t == 0 ? 0.5 : prev ? 0.8 : 0.3))
            from _ in Observe(Bernoulli(z ? 0.9 : 0.2), Observed[t])
            select z)
        select last;

    [Fact]
    public void ImportanceSamplingOnBurglary()
    {
        // Likelihood weighting: the weight is P(evidence | alarm), so the self-normalized estimate has
        // (delta method) variance ≈ p(1 − p)/ESS. With N = 200,000 the ESS is ≈ N·Z²/E[w²]; we use the
        // sample's own ESS: 5 se = 5·√(p(1 − p)/ESS).
        var s = Infer.Importance(Burglary.Model(), new ImportanceOptions { Samples = 200_000, Seed = 7 });
        double p = s.Probability(x => x.Burglary);
        double tolerance = 5 * Math.Sqrt(BurglaryExact * (1 - BurglaryExact) / s.EffectiveSampleSize);
        Assert.InRange(p, BurglaryExact - tolerance, BurglaryExact + tolerance);
        Assert.InRange(s.LogEvidence, BurglaryLogEvidence - 5 * s.LogEvidenceStandardError, BurglaryLogEvidence + 5 * s.LogEvidenceStandardError);
    }

    [Fact]
    public void SmcOnBurglaryAndHmm()
    {
        // SMC's unnormalized estimate γ̂(f) = Ẑ·Σ Wᵢ f(xᵢ) is unbiased for Z·E[f | data] (Del Moral 2004,
        // Thm 7.4.2), so over M independent runs the mean of γ̂(f) is within 5 standard errors (the runs' own
        // sample sd / √M) of the exact Z·p. Resampled duplicates make a per-run ESS-based bound wrong; this
        // test does not depend on one.
        AssertUnbiased(Burglary.Model(), x => x.Burglary, Math.Exp(BurglaryLogEvidence) * BurglaryExact, particles: 1000, runs: 2000);
        var exact = Infer.Enumerate(Hmm());
        AssertUnbiased(Hmm(), z => z, Math.Exp(exact.LogEvidence) * exact.Probability(true), particles: 100, runs: 2000);
    }

    private static void AssertUnbiased<T>(Model<T> model, Func<T, bool> f, double exact, int particles, int runs)
    {
        var estimates = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            var s = Infer.Smc(model, new SmcOptions { Particles = particles, Seed = 1000 + (ulong)r, MaxDegreeOfParallelism = 1 });
            estimates[r] = Math.Exp(s.LogEvidence) * s.Probability(f);
        }
        double mean = estimates.Average();
        double se = Math.Sqrt(estimates.Select(e => (e - mean) * (e - mean)).Sum() / (runs - 1) / runs);
        Assert.InRange(mean, exact - 5 * se, exact + 5 * se);
    }

    [Fact]
    public void SmcEvidenceIsUnbiased()
    {
        // E[Ẑ] = Z for SMC (Del Moral 2004, Thm 7.4.2). With N = 4 particles the estimator is noisy; over
        // M = 20,000 seeds the mean of Ẑ is within 5 sample standard errors of the exact Z.
        var model = Hmm();
        double z = Math.Exp(Infer.Enumerate(model).LogEvidence);
        const int runs = 20_000;
        var estimates = new double[runs];
        for (int r = 0; r < runs; r++)
            estimates[r] = Math.Exp(Infer.Smc(model, new SmcOptions { Particles = 4, Seed = (ulong)r, EssThreshold = 1.0, MaxDegreeOfParallelism = 1 }).LogEvidence);
        double mean = estimates.Average();
        double sd = Math.Sqrt(estimates.Select(e => (e - mean) * (e - mean)).Sum() / (runs - 1));
        double se = sd / Math.Sqrt(runs);
        Assert.InRange(mean, z - 5 * se, z + 5 * se);
        Assert.True(sd > 0.01 * z, "the estimator should be noisy with 4 particles, or this test proves nothing");
    }

    [Fact]
    public void SmcIsReproducibleWhateverTheThreadCount()
    {
        var one = Infer.Smc(Hmm(), new SmcOptions { Particles = 3000, Seed = 9, MaxDegreeOfParallelism = 1 });
        var many = Infer.Smc(Hmm(), new SmcOptions { Particles = 3000, Seed = 9, MaxDegreeOfParallelism = 4 });
        Assert.Equal(one.LogEvidence, many.LogEvidence);
        Assert.Equal(one.Values, many.Values);
        Assert.Equal(one.Weights, many.Weights);
    }

    [Fact]
    public void AllParticlesImpossibleIsAClearError()
    {
        var model = from b in Sample("b", Bernoulli(0.5))
                    from _ in Condition(false)
                    select b;
        var e = Assert.Throws<ModelException>(() => Infer.Smc(model, new SmcOptions { Particles = 10 }));
        Assert.Contains("every particle has weight 0", e.Message);
        Assert.Contains("step 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Smc(model, new SmcOptions { Particles = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Importance(model, new ImportanceOptions { Samples = 0 }));
    }

    [Fact]
    public void ModelErrorsInParallelParticlesSurfaceUnwrapped()
    {
        // 1,000 particles on several threads: the error is the model's own exception, as on one thread.
        var model = from a in Sample("a", Bernoulli(0.5))
                    from _ in Factor(a ? double.NaN : 0.0)
                    select a;
        foreach (int threads in new[] { 1, 4 })
        {
            Assert.Contains("NaN", Assert.Throws<ModelException>(() =>
                Infer.Smc(model, new SmcOptions { Particles = 1000, MaxDegreeOfParallelism = threads })).Message);
            Assert.Throws<ModelException>(() =>
                Infer.Importance(model, new ImportanceOptions { Samples = 1000, MaxDegreeOfParallelism = threads }));
        }
    }
}
