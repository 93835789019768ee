using System.Text.Json;
using Probabilistic.Inference;
using Probabilistic.Tests.Data;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>Particle Gibbs (iterated conditional SMC) against exact enumeration and the Kalman filter.</summary>
public class ParticleGibbsTests
{
    private static readonly bool[] Observed = [true, true, false, true, false, false];

    // A binary HMM: z_0 ~ Bernoulli(.5), z_t stays with probability .8, y_t ~ Bernoulli(z_t ? .9 : .2).
    // Returns (z_0, z_T): the first state is smoothed through every later observation.
    private static Model<(bool First, bool Last)> Hmm() =>
        from first in Sample("z0", Bernoulli(0.5))
        from _ in Observe(Bernoulli(first ? 0.9 : 0.2), Observed[0])
        from last in Fold("z", Observed.Length - 1, first, (prev, t) =>
            from z in Sample("z", Bernoulli(prev ? 0.8 : 0.2))
            from _ in Observe(Bernoulli(z ? 0.9 : 0.2), Observed[t + 1])
            select z)
        select (first, last);

    /// <summary>
    /// The standard error of a chain's mean by non-overlapping batch means with ⌊√n⌋ batches of ⌊√n⌋ draws
    /// (consistent for geometrically ergodic chains: Flegal &amp; Jones, Ann. Statist. 2010; particle Gibbs with
    /// bounded potentials is uniformly ergodic: Andrieu, Doucet &amp; Holenstein 2010, Thm 5). It estimates
    /// √(τ·Var/n) from the chain itself, τ the integrated autocorrelation time, without assuming a value of τ.
    /// </summary>
    private static double BatchMeansStandardError(IReadOnlyList<double> xs)
    {
        int b = (int)Math.Sqrt(xs.Count), batches = xs.Count / b;
        double mean = xs.Take(b * batches).Average();
        double s = 0;
        for (int k = 0; k < batches; k++)
        {
            double m = xs.Skip(k * b).Take(b).Average() - mean;
            s += m * m;
        }
        return Math.Sqrt(s / (batches - 1) / batches);
    }

    [Fact]
    public void DiscreteHmmSmoothingMatchesEnumeration()
    {
        // Tolerance: 5 batch-means standard errors of each indicator's chain mean, which must also be at least
        // the i.i.d. standard error √(p(1 − p)/n) (τ ≥ 1 for a chain that is not antithetic here, so a smaller
        // estimate would signal a broken estimator, not a lucky chain).
        var exact = Infer.Enumerate(Hmm());
        var chain = Infer.ParticleGibbs(Hmm(), new ParticleGibbsOptions { Samples = 6400, BurnIn = 200, Particles = 10, Seed = 17 });
        foreach (var (name, f) in new (string, Func<(bool First, bool Last), bool>)[] { ("z0", x => x.First), ("zT", x => x.Last) })
        {
            double p = exact.Probability(f);
            var xs = chain.Values.Select(v => f(v) ? 1.0 : 0.0).ToArray();
            double se = Math.Max(BatchMeansStandardError(xs), Math.Sqrt(p * (1 - p) / xs.Length));
            Assert.True(Math.Abs(xs.Average() - p) <= 5 * se, $"{name}: chain {xs.Average():F4}, exact {p:F4}, 5 se {5 * se:F4}");
        }
        Assert.InRange(chain.AcceptanceRate, 0.3, 1.0);
        // Each kept trace is a full trace of the model: its log joint is the model's density at its choices.
        var t = chain.Traces[^1];
        Assert.Equal(Hmm().Assess(t.Choices), t.LogJoint, 12);
    }

    [Fact]
    public void GaussianHmmLastStateMatchesTheKalmanFilter()
    {
        var data = RepositoryData.Json("hmm_gauss_T50.json");
        var p = data.GetProperty("params");
        var y = data.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var reference = data.GetProperty("reference");
        double exactMean = reference.GetProperty("last_state_post_mean").GetDouble();
        double exactSd = reference.GetProperty("last_state_post_sd").GetDouble();
        var model = HmmSmcTests.GaussianRandomWalk(y, p.GetProperty("s0").GetDouble(), p.GetProperty("q").GetDouble(), p.GetProperty("r").GetDouble());

        // Tolerance: 5 batch-means standard errors of the chain's mean of x_T, at least the i.i.d. one sd/√n.
        var chain = Infer.ParticleGibbs(model, new ParticleGibbsOptions { Samples = 900, BurnIn = 50, Particles = 50, Seed = 23 });
        var xs = chain.Values.Select(v => v.Value).ToArray();
        double se = Math.Max(BatchMeansStandardError(xs), exactSd / Math.Sqrt(xs.Length));
        Assert.True(Math.Abs(xs.Average() - exactMean) <= 5 * se, $"chain {xs.Average():F4}, exact {exactMean:F4}, 5 se {5 * se:F4}");
    }

    [Fact]
    public void BadOptionsAreClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.ParticleGibbs(Hmm(), new ParticleGibbsOptions { Particles = 1 }));
        var impossible = from b in Sample("b", Bernoulli(0.5)) from _ in Condition(false) select b;
        Assert.Throws<ModelException>(() => Infer.ParticleGibbs(impossible, new ParticleGibbsOptions { Samples = 5 }));
    }
}
