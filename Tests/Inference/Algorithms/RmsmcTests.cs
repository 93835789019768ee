using Probabilistic.Inference;
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
