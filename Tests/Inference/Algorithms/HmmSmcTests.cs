using System.Text.Json;
using Probabilistic.Inference;
using Probabilistic.Tests.Data;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>SMC on the hidden Markov models of data/ against the Kalman filter and the forward algorithm.</summary>
public class HmmSmcTests
{
    private static double[] Array(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>x₀ ~ N(0, s0), x_t ~ N(x_{t−1}, q), y_t ~ N(x_t, r).</summary>
    public static Model<Real> GaussianRandomWalk(double[] y, double s0, double q, double r) =>
        Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(t == 0 ? 0.0 : prev, t == 0 ? s0 : q))
            from _ in Observe(Normal(x, r), y[t])
            select x);

    /// <summary>z₀ ~ [.5, .5], z_t | z_{t−1} ~ [[.9, .1], [.2, .8]], y_t ~ N(mu[z_t], 1) with mu = [−1, 1].</summary>
    public static Model<int> TwoStateHmm(double[] y) =>
        Fold("z", y.Length, 0, (prev, t) =>
            from z in Sample("z", t == 0 ? Categorical(0.5, 0.5) : prev == 0 ? Categorical(0.9, 0.1) : Categorical(0.2, 0.8))
            from _ in Observe(Normal(z == 0 ? -1.0 : 1.0, 1.0), y[t])
            select z);

    [Fact]
    public void GaussianHmmLogEvidenceAndLastStateAgainstTheKalmanFilter()
    {
        var data = RepositoryData.Json("hmm_gauss_T50.json");
        var p = data.GetProperty("params");
        var reference = data.GetProperty("reference");
        double exactLogZ = reference.GetProperty("log_marginal_likelihood").GetDouble();
        double exactMean = reference.GetProperty("last_state_post_mean").GetDouble();
        double exactSd = reference.GetProperty("last_state_post_sd").GetDouble();
        var model = GaussianRandomWalk(Array(data, "y"), p.GetProperty("s0").GetDouble(), p.GetProperty("q").GetDouble(), p.GetProperty("r").GetDouble());

        // The criterion: over 20 seeds, log Ẑ within 3 estimated standard errors at least 18 times;
        // the last state's posterior mean within 3 standard errors, se = posterior sd / √ESS of the final weights
        // (the last state is drawn fresh after the last resampling, so the final weights are an importance sample).
        int evidenceHits = 0, meanHits = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var s = Infer.Smc(model, new SmcOptions { Particles = 1000, Seed = seed });
            Assert.True(s.LogEvidenceStandardError > 0 && s.LogEvidenceStandardError < 1, $"se {s.LogEvidenceStandardError}");
            if (Math.Abs(s.LogEvidence - exactLogZ) <= 3 * s.LogEvidenceStandardError) evidenceHits++;
            double mean = s.Expectation(x => x.Value);
            if (Math.Abs(mean - exactMean) <= 3 * exactSd / Math.Sqrt(s.EffectiveSampleSize)) meanHits++;
        }
        Assert.True(evidenceHits >= 18, $"log evidence within 3 se in {evidenceHits} of 20 runs");
        Assert.True(meanHits >= 18, $"last-state mean within 3 se in {meanHits} of 20 runs");
    }

    [Fact]
    public void DiscreteHmmAgainstTheForwardAlgorithm()
    {
        var data = RepositoryData.Json("hmm_discrete_T50.json");
        var reference = data.GetProperty("reference");
        double exactLogZ = reference.GetProperty("log_marginal_likelihood").GetDouble();
        double exactP1 = reference.GetProperty("last_state_post_prob_1").GetDouble();
        var model = TwoStateHmm(Array(data, "y"));

        int evidenceHits = 0, probabilityHits = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var s = Infer.Smc(model, new SmcOptions { Particles = 1000, Seed = seed });
            if (Math.Abs(s.LogEvidence - exactLogZ) <= 3 * s.LogEvidenceStandardError) evidenceHits++;
            double pHat = s.Probability(z => z == 1);
            if (Math.Abs(pHat - exactP1) <= 3 * Math.Sqrt(exactP1 * (1 - exactP1) / s.EffectiveSampleSize)) probabilityHits++;
        }
        Assert.True(evidenceHits >= 18, $"log evidence within 3 se in {evidenceHits} of 20 runs");
        Assert.True(probabilityHits >= 18, $"P(z_T = 1) within 3 se in {probabilityHits} of 20 runs");
    }

    [Fact]
    public void GuidedFilterWithTheLocallyOptimalProposal()
    {
        // Proposal for step k: x_k | x_{k−1}, y_k, the exact one-step posterior (Doucet, Godsill & Andrieu 2000):
        // variance v = 1/(1/v₀ + 1/r²), mean v·(m₀/v₀ + y_k/r²) with m₀, v₀ the transition's mean and variance.
        var data = RepositoryData.Json("hmm_gauss_T50.json");
        var p = data.GetProperty("params");
        double s0 = p.GetProperty("s0").GetDouble(), q = p.GetProperty("q").GetDouble(), r = p.GetProperty("r").GetDouble();
        var y = Array(data, "y");
        double exactLogZ = data.GetProperty("reference").GetProperty("log_marginal_likelihood").GetDouble();
        var model = GaussianRandomWalk(y, s0, q, r);
        Model<Real> Proposal(ChoiceMap history, int k)
        {
            if (k >= y.Length) return Return((Real)0.0);
            double m0 = k == 0 ? 0 : history.Get<Real>(Address.Of("x", k - 1, "x")).Value, v0 = k == 0 ? s0 * s0 : q * q;
            double v = 1 / (1 / v0 + 1 / (r * r));
            return Sample(Address.Of("x", k, "x"), Normal(v * (m0 / v0 + y[k] / (r * r)), Math.Sqrt(v)));
        }

        // The criterion (log Ẑ within 3 estimated standard errors in at least 18 of 20 runs), with 200
        // particles; and the guided filter's standard errors are smaller than the bootstrap filter's.
        int hits = 0;
        double guidedSe = 0, bootstrapSe = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var guided = Infer.Smc(model, Proposal, new SmcOptions { Particles = 200, Seed = seed });
            if (Math.Abs(guided.LogEvidence - exactLogZ) <= 3 * guided.LogEvidenceStandardError) hits++;
            guidedSe += guided.LogEvidenceStandardError;
            bootstrapSe += Infer.Smc(model, new SmcOptions { Particles = 200, Seed = seed }).LogEvidenceStandardError;
        }
        Assert.True(hits >= 18, $"log evidence within 3 se in {hits} of 20 runs");
        Assert.True(guidedSe < bootstrapSe, $"guided se {guidedSe / 20}, bootstrap se {bootstrapSe / 20}");
    }

    [Fact]
    public void ProposalOutsideTheStepIsAClearError()
    {
        var model = GaussianRandomWalk([0.1, 0.2, 0.3], 1, 1, 1);
        var e = Assert.Throws<ModelException>(() => Infer.Smc(model, (h, k) => Sample(Address.Of("x", k + 1, "x"), Normal(0, 1)), new SmcOptions { Particles = 10 }));
        Assert.Equal(Address.Of("x", 1, "x"), e.Address);
    }
}
