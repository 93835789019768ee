using FsCheck.Xunit;
using Probabilistic.Inference;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit;

namespace Probabilistic.PropertyTests.Inference.MonteCarlo;

/// <summary>
/// Importance sampling and SMC on randomly generated finite discrete programs, against the exact
/// posterior and evidence of the independent reference evaluator. These are statistical checks, so
/// FsCheck's seed is fixed (Replay) and every tolerance is derived from the run's own sample.
/// </summary>
public class MonteCarloProperties
{
    private const string Seed = "(20261125,7)";

    private static (Dictionary<int, double> Posterior, double LogEvidence)? Exact(ProgramSpec program)
    {
        var possible = ReferenceEvaluator.Enumerate(program).Where(e => e.LogJoint > double.NegativeInfinity).ToList();
        if (possible.Count == 0) return null;
        double max = possible.Max(e => e.LogJoint);
        double total = possible.Sum(e => Math.Exp(e.LogJoint - max));
        var posterior = possible.GroupBy(e => e.ReturnValue).ToDictionary(g => g.Key, g => g.Sum(e => Math.Exp(e.LogJoint - max)) / total);
        return (posterior, max + Math.Log(total));
    }

    /// <summary>
    /// Self-normalized importance sampling: for each return value v, p̂(v) = Σ Wᵢ [xᵢ = v] has (delta method)
    /// variance Σ Wᵢ² ([xᵢ = v] − p(v))², estimated with p̂ in place of p; 5 such standard errors, plus the
    /// estimator's O(1/ESS) bias bounded by 1/ESS, bound the error. Programs whose ESS is below 100 give too
    /// noisy a variance estimate and are skipped (silently: the generator's own facts check that most programs
    /// are small and possible, but the share skipped here is not asserted).
    /// </summary>
    [Property(MaxTest = 200, Replay = Seed, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void ImportanceSamplingMatchesTheExactPosterior(ProgramSpec program)
    {
        var exact = Exact(program);
        if (exact is null) return;
        var sample = Infer.Importance(ProgramCompiler.Compile(program), new ImportanceOptions { Samples = 4000, Seed = StableSeed(program), MaxDegreeOfParallelism = 1 });
        if (sample.EffectiveSampleSize < 100) return;
        foreach (var (v, p) in exact.Value.Posterior)
        {
            double pHat = sample.Probability(x => x == v);
            double variance = 0;
            for (int i = 0; i < sample.Count; i++)
            {
                double d = (sample.Values[i] == v ? 1 : 0) - pHat;
                variance += sample.Weights[i] * sample.Weights[i] * d * d;
            }
            double tolerance = 5 * Math.Sqrt(variance) + 1 / sample.EffectiveSampleSize + 1e-12;
            Assert.True(Math.Abs(pHat - p) <= tolerance, $"P(return = {v}): exact {p}, IS {pHat} ± {tolerance}\n{program}");
        }
        // log Ẑ: delta-method standard error of the mean weight (WeightedSample.LogEvidenceStandardError).
        Assert.True(Math.Abs(sample.LogEvidence - exact.Value.LogEvidence) <= 5 * sample.LogEvidenceStandardError + 1 / sample.EffectiveSampleSize,
            $"log evidence: exact {exact.Value.LogEvidence}, IS {sample.LogEvidence} ± {sample.LogEvidenceStandardError}\n{program}");
    }

    /// <summary>
    /// SMC's evidence estimate Ẑ and its unnormalized estimates Ẑ·p̂(v) are unbiased (Del Moral 2004,
    /// Thm 7.4.2), whatever the resampling: over R = 200 independent runs of 16 particles, resampling at every
    /// observation, each mean is within 5 standard errors (the runs' own sample sd / √R) of Z and Z·p(v)
    /// (values too rare for 200·16 particle-runs to see are not checked; see the body).
    /// </summary>
    [Property(MaxTest = 100, Replay = Seed, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void SmcEstimatesAreUnbiased(ProgramSpec program) =>
        AssertUnbiased(program, (model, seed) => Infer.Smc(model, new SmcOptions { Particles = 16, EssThreshold = 1.0, Seed = seed, MaxDegreeOfParallelism = 1 }));

    /// <summary>
    /// Resample-move SMC: the MH moves leave each intermediate target invariant, so Ẑ and Ẑ·p̂(v) stay unbiased
    /// (Gilks &amp; Berzuini 2001; Del Moral, Doucet &amp; Jasra 2006); checked as for SMC.
    /// </summary>
    [Property(MaxTest = 50, Replay = Seed, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void RmsmcEstimatesAreUnbiased(ProgramSpec program) =>
        AssertUnbiased(program, (model, seed) => Infer.Rmsmc(model, new RmsmcOptions { Particles = 16, EssThreshold = 1.0, MoveSteps = 1, Seed = seed, MaxDegreeOfParallelism = 1 }));

    private static void AssertUnbiased(ProgramSpec program, Func<Model<int>, ulong, WeightedSample<int>> algorithm)
    {
        var exact = Exact(program);
        if (exact is null) return;
        var model = ProgramCompiler.Compile(program);
        const int runs = 200;
        var z = new double[runs];
        var joint = exact.Value.Posterior.Keys.ToDictionary(v => v, _ => new double[runs]);
        double scale = exact.Value.LogEvidence;
        for (int r = 0; r < runs; r++)
        {
            WeightedSample<int> s;
            try
            {
                s = algorithm(model, (ulong)r * 7919 + StableSeed(program));
            }
            catch (ModelException e) when (e.Message.Contains("every particle has weight 0"))
            {
                z[r] = 0; // Ẑ = 0 for this run: a legitimate outcome of the estimator.
                continue;
            }
            z[r] = Math.Exp(s.LogEvidence - scale);
            foreach (var (v, values) in joint) values[r] = z[r] * s.Probability(x => x == v);
        }
        AssertMean(z, 1.0, "Ẑ/Z", program);
        // A value of posterior probability p is carried by about R·N·p particle-runs in all; below 20 the sample
        // cannot estimate its mean (it may never be seen, giving a sample sd of 0), so it is not checked.
        foreach (var (v, p) in exact.Value.Posterior)
            if (runs * 16 * p >= 20) AssertMean(joint[v], p, $"Ẑ·p̂({v})/Z", program);
    }

    /// <summary>FNV-1a of the program's text: a seed that is the same in every process (string hashes are not).</summary>
    private static ulong StableSeed(ProgramSpec program)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in program.ToString()!)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }

    private static void AssertMean(double[] xs, double expected, string what, ProgramSpec program)
    {
        double mean = xs.Average();
        double se = Math.Sqrt(xs.Select(x => (x - mean) * (x - mean)).Sum() / (xs.Length - 1) / xs.Length);
        Assert.True(Math.Abs(mean - expected) <= 5 * se + 1e-9, $"{what}: mean {mean}, expected {expected}, se {se}\n{program}");
    }
}
