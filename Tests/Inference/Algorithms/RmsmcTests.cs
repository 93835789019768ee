using Probabilistic.Inference;
using Probabilistic.Inference.Traced;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>Resample-move SMC against exact enumeration.</summary>
public class RmsmcTests
{
    private static readonly bool[] Observed = [true, true, false, true];

    // The 4-step binary HMM of DiscreteMonteCarloTests, returning the first and the last state: the first is
    // fixed by resampling alone (its smoothing marginal is where the moves matter).
    private static Model<(bool First, bool Last)> Hmm() =>
        from first in Sample("z0", Bernoulli(0.5))
        from _ in Observe(Bernoulli(first ? 0.9 : 0.2), Observed[0])
        from last in Fold("z", Observed.Length - 1, first, (prev, t) =>
            from z in Sample("z", Bernoulli(prev ? 0.8 : 0.3))
            from _ in Observe(Bernoulli(z ? 0.9 : 0.2), Observed[t + 1])
            select z)
        select (first, last);

    [Fact]
    public void EvidenceAndPosteriorAreUnbiased()
    {
        // E[Ẑ] = Z and E[Ẑ·Σ Wᵢ f(xᵢ)] = Z·E[f | y] for SMC with any MCMC moves that leave each intermediate target
        // invariant (Del Moral 2004, Thm 7.4.2; Gilks & Berzuini 2001). With N = 4 particles, resampling and moving
        // after every observation, each estimator is noisy; over M = 10,000 seeds the mean of each is within 5 of its
        // sample standard errors (sd/√M) of the exact value from Infer.Enumerate. One set of runs checks Ẑ and the
        // smoothing marginals of z_0 and z_T.
        var exact = Infer.Enumerate(Hmm());
        double z = Math.Exp(exact.LogEvidence);
        const int runs = 10_000;
        var evidence = new double[runs];
        var first = new double[runs];
        var last = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            var s = Infer.Rmsmc(Hmm(), new RmsmcOptions { Particles = 4, MoveSteps = 2, EssThreshold = 1.0, Seed = (ulong)r, MaxDegreeOfParallelism = 1 });
            evidence[r] = Math.Exp(s.LogEvidence);
            first[r] = evidence[r] * s.Probability(x => x.First);
            last[r] = evidence[r] * s.Probability(x => x.Last);
        }
        AssertMean(evidence, z, "Z");
        AssertMean(first, z * exact.Probability(x => x.First), "Z·P(z0)");
        AssertMean(last, z * exact.Probability(x => x.Last), "Z·P(zT)");

        // The posterior itself, as the ratio estimator Σ Ẑ·p̂ / Σ Ẑ: by the delta method its standard error is
        // sd(Ẑ·p̂ − p·Ẑ) / (√M · mean Ẑ); it must be within 5 of them of the exact P(z_0 | y).
        double p0 = exact.Probability(x => x.First);
        double ratio = first.Sum() / evidence.Sum();
        var residuals = first.Select((f, r) => f - p0 * evidence[r]).ToArray();
        double rm = residuals.Average();
        double ratioSe = Math.Sqrt(residuals.Select(e => (e - rm) * (e - rm)).Sum() / (runs - 1)) / Math.Sqrt(runs) / evidence.Average();
        Assert.True(Math.Abs(ratio - p0) <= 5 * ratioSe, $"P(z0 | y): {ratio:F4}, exact {p0:F4}, 5 se {5 * ratioSe:F4}");
    }

    // A Metropolis flip of z0 (a user proposal: Update and Assess) then a single-site prior move (Regenerate): both see
    // only the generative function interface of the trace's model, here the intermediate target's view.
    private static Kernel<(bool First, bool Last)> UserKernel() => Kernels.Cycle(
        Kernels.WithProposal<(bool First, bool Last), bool>(t => Sample("z0", Bernoulli(t.Get<bool>("z0") ? 0.3 : 0.7))),
        Kernels.SingleSite<(bool First, bool Last)>());

    // A model whose intermediate target disagrees with its posterior: the first observation says z0 = true, the last two
    // say z0 = false. A move that targeted the full posterior instead of p_1 would carry the particles to z0 = false
    // before the second observation weighs them, and Ẑ = Π (mean weight) would be biased upwards by a large factor.
    private static Model<(bool First, bool Last)> Turn() =>
        from first in Sample("z0", Bernoulli(0.5))
        from _ in Observe(Bernoulli(first ? 0.95 : 0.05), true)
        from last in Sample("z1", Bernoulli(first ? 0.7 : 0.4))
        from __ in Observe(Bernoulli(first ? 0.1 : 0.9), true)
        from ___ in Observe(Bernoulli(last ? 0.1 : 0.9), true)
        select (first, last);

    [Fact]
    public void WithAUserKernelEvidenceAndPosteriorMatchEnumeration()
    {
        MatchesEnumeration(Hmm());
        MatchesEnumeration(Turn());
    }

    private static void MatchesEnumeration(Model<(bool First, bool Last)> model)
    {
        // The same derivation as above, with a user kernel as the move: E[Ẑ] = Z and E[Ẑ·Σ Wᵢ f(xᵢ)] = Z·E[f | y] hold
        // when the kernel leaves each intermediate target p_s (the model up to its s-th observation) invariant. Fixed
        // seeds 0 … M−1 with M = 4,000 runs of N = 4 particles; each mean must be within z = 5 sample standard errors
        // sd/√M of the value from Infer.Enumerate (a false alarm has probability < 1e-6 per check under the CLT), and
        // the ratio estimator of P(z0 | y) within 5 of its delta-method standard errors. The test fails when the kernel
        // targets the wrong distribution (see Turn: a kernel run on the full model instead of the view fails it).
        var exact = Infer.Enumerate(model);
        double z = Math.Exp(exact.LogEvidence);
        const int runs = 4_000;
        var evidence = new double[runs];
        var logEvidence = new double[runs];
        var first = new double[runs];
        var last = new double[runs];
        var kernel = UserKernel();
        for (int r = 0; r < runs; r++)
        {
            var s = Infer.Rmsmc(model, kernel, new RmsmcOptions { Particles = 4, MoveSteps = 2, EssThreshold = 1.0, Seed = (ulong)r, MaxDegreeOfParallelism = 1 });
            logEvidence[r] = s.LogEvidence;
            evidence[r] = Math.Exp(s.LogEvidence);
            first[r] = evidence[r] * s.Probability(x => x.First);
            last[r] = evidence[r] * s.Probability(x => x.Last);
        }
        AssertMean(evidence, z, "Z");
        AssertMean(first, z * exact.Probability(x => x.First), "Z·P(z0)");
        AssertMean(last, z * exact.Probability(x => x.Last), "Z·P(zT)");
        double p0 = exact.Probability(x => x.First);
        double ratio = first.Sum() / evidence.Sum();
        var residuals = first.Select((f, r) => f - p0 * evidence[r]).ToArray();
        double rm = residuals.Average();
        double ratioSe = Math.Sqrt(residuals.Select(e => (e - rm) * (e - rm)).Sum() / (runs - 1)) / Math.Sqrt(runs) / evidence.Average();
        Assert.True(Math.Abs(ratio - p0) <= 5 * ratioSe, $"P(z0 | y): {ratio:F4}, exact {p0:F4}, 5 se {5 * ratioSe:F4}");
        // log Ẑ itself is biased downwards (Jensen: E[log Ẑ] ≤ log Z), never upwards beyond noise.
        double meanLog = logEvidence.Average();
        double sdLog = Math.Sqrt(logEvidence.Select(e => (e - meanLog) * (e - meanLog)).Sum() / (runs - 1));
        Assert.True(meanLog <= exact.LogEvidence + 5 * sdLog / Math.Sqrt(runs), $"E[log Ẑ] = {meanLog:F4} above log Z = {exact.LogEvidence:F4}");

        // One large run (N = 20,000, seed 11): the posterior marginals within 5 of their standard errors √(p(1−p)/ESS).
        var big = Infer.Rmsmc(model, kernel, new RmsmcOptions { Particles = 20_000, Seed = 11, EssThreshold = 0.5 });
        foreach (var (name, f) in new (string, Func<(bool First, bool Last), bool>)[] { ("z0", x => x.First), ("zT", x => x.Last) })
        {
            double p = exact.Probability(f), q = big.Probability(f);
            double se = Math.Sqrt(p * (1 - p) / big.EffectiveSampleSize);
            Assert.True(Math.Abs(q - p) <= 5 * se, $"P({name} | y): {q:F4}, exact {p:F4}, 5 se {5 * se:F4}");
        }
    }

    // A kernel that always accepts a new trace with the same choices (an Update with no constraints), so that every
    // particle's cursor is recovered by replaying its moved trace; and one that returns the trace it was given.
    private sealed class Rebuild<T> : Kernel<T>
    {
        public override (Trace<T> Trace, bool Accepted) Apply(Trace<T> trace, Rng rng) => (trace.Update(ChoiceMap.Empty, rng).Trace, true);
    }

    private sealed class Stay<T> : Kernel<T>
    {
        public override (Trace<T> Trace, bool Accepted) Apply(Trace<T> trace, Rng rng) => (trace, false);
    }

    [Fact]
    public void AnIdentityKernelIsTheParticleFilter()
    {
        // The moves draw from their own streams, so with a kernel that moves nowhere the advance and resampling streams
        // are those of Infer.Smc: the result is, bit for bit, the particle filter's — also when each particle's cursor is
        // rebuilt by replaying its trace up to the s-th observation (a wrong cursor or log likelihood would change it).
        var options = new RmsmcOptions { Particles = 500, Seed = 3, EssThreshold = 1.0 };
        var smc = Infer.Smc(Hmm(), new SmcOptions { Particles = 500, Seed = 3, EssThreshold = 1.0 });
        foreach (var kernel in new Kernel<(bool, bool)>[] { new Stay<(bool, bool)>(), new Rebuild<(bool, bool)>() })
        {
            var rm = Infer.Rmsmc(Hmm(), kernel, options);
            Assert.Equal(smc.LogEvidence, rm.LogEvidence);
            Assert.Equal(smc.Values, rm.Values);
        }
        var moved = Infer.Rmsmc(Hmm(), UserKernel(), options);
        Assert.NotEqual(smc.Values, moved.Values);
    }

    [Fact]
    public void TheIntermediateTargetStopsAfterItsScore()
    {
        // The view of the model up to its s-th observation: Simulate makes the choices z0 … z_{s−1} and s scores.
        for (int s = 1; s <= Observed.Length; s++)
        {
            var t = new SuspendedModel<(bool First, bool Last)>(Hmm(), s).Simulate(new Rng(5));
            Assert.Equal(s, t.Scores.Count);
            Assert.Equal(s, t.Count);
        }
    }

    [Fact]
    public void ANullKernelIsNamed()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Infer.Rmsmc(Hmm(), (Kernel<(bool, bool)>)null!));
        Assert.Equal("kernel", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Rmsmc(Hmm(), UserKernel(), new RmsmcOptions { MoveSteps = -1 }));
    }

    private static void AssertMean(double[] xs, double exact, string what)
    {
        double mean = xs.Average();
        double sd = Math.Sqrt(xs.Select(e => (e - mean) * (e - mean)).Sum() / (xs.Length - 1));
        double se = sd / Math.Sqrt(xs.Length);
        Assert.True(Math.Abs(mean - exact) <= 5 * se, $"{what}: mean {mean:G6}, exact {exact:G6}, 5 se {5 * se:G3}");
        Assert.True(sd > 0.01 * exact, $"{what}: the estimator should be noisy with 4 particles, or this test proves nothing");
    }

    [Fact]
    public void WithoutMovesItIsTheParticleFilter()
    {
        // Recording choices draws each value with the same stream and the same sampler as the bootstrap fast path,
        // so with no MH steps resample-move SMC is, bit for bit, Infer.Smc.
        var smc = Infer.Smc(Hmm(), new SmcOptions { Particles = 500, Seed = 3, EssThreshold = 1.0 });
        var rm = Infer.Rmsmc(Hmm(), new RmsmcOptions { Particles = 500, Seed = 3, EssThreshold = 1.0, MoveSteps = 0 });
        Assert.Equal(smc.LogEvidence, rm.LogEvidence);
        Assert.Equal(smc.Values, rm.Values);
        var moved = Infer.Rmsmc(Hmm(), new RmsmcOptions { Particles = 500, Seed = 3, EssThreshold = 1.0, MoveSteps = 1 });
        Assert.NotEqual(smc.Values, moved.Values);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Rmsmc(Hmm(), new RmsmcOptions { Particles = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Rmsmc(Hmm(), new RmsmcOptions { MoveSteps = -1 }));
    }
}
