using Probabilistic.Compilation;
using Probabilistic.Inference;
using Xunit.Sdk;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// Distribution preservation for a finite discrete program: SMC's weighted posterior of the model's value, and its
/// evidence, agree with <c>Infer.Enumerate</c> of the interpreted model (the exact posterior) — run on the compiled twin
/// (<paramref name="compiled"/> true: the twin must exist and <c>Infer.Smc</c> uses it) or on the interpreter (an
/// out-of-fragment model, which has no twin).
/// </summary>
/// <remarks>
/// Tolerance. Run r (of R, each N particles, its own fixed seed) gives Ẑ_r and p̂_r(v) = Σᵢ W_i 1{x_i = v}. SMC's
/// unnormalized measure is unbiased (Del Moral 2004, Prop. 7.4.1): E[Ẑ_r] = Z and E[Ẑ_r p̂_r(v)] = Z π(v). The pooled
/// p̄(v) = Σ_r Ẑ_r p̂_r(v) / Σ_r Ẑ_r is a ratio of unbiased means, so its bias is O(1/R) in the relative variance of Ẑ
/// (itself O(1/N)), negligible here, and by the delta method its standard error is sd_r(Ẑ_r (p̂_r(v) − p̄(v)) / Z̄) / √R.
/// No estimator from R·N weighted draws does better than independent draws from π, whose standard error is
/// √(π(v)(1 − π(v)) / (R·N)): the tolerance is 5 × the larger of the two (a false alarm has probability below 6·10⁻⁷ per
/// value under the central limit theorem, Chopin 2004, Thm. 1) plus 10⁻⁹ for rounding. The evidence likewise:
/// |mean_r(Ẑ_r / Z) − 1| ≤ 5 sd_r(Ẑ_r / Z) / √R + 10⁻⁹. A particle with a value outside the exact posterior's support fails at once.
/// </remarks>
public sealed class MatchesEnumeration(bool compiled) : IModelCheck
{
    /// <summary>Particles per run.</summary>
    public const int Particles = 400;

    /// <summary>Independent runs (seeds 101, 102, …).</summary>
    public const int Runs = 8;

    /// <inheritdoc />
    public void Check<T>(ModelProgram program, Model<T> model, Model<T>? plain) where T : notnull
    {
        if (compiled != CompiledModels.TryGetTwin(model, out _))
            throw new XunitException(compiled ? "the model has no compiled twin" : "an out-of-fragment model has a compiled twin");
        var exact = Infer.Enumerate(CompiledModels.Interpreted(model));
        var probability = new Dictionary<string, double>();
        for (int k = 0; k < exact.Values.Count; k++)
        {
            string key = ValueKey.Of(exact.Values[k]);
            probability[key] = probability.GetValueOrDefault(key) + exact.Probabilities[k];
        }
        var keys = probability.Keys.ToArray();
        var logZ = new double[Runs];
        var estimates = new double[Runs, keys.Length];
        var index = keys.Select((key, j) => (key, j)).ToDictionary(x => x.key, x => x.j);
        for (int r = 0; r < Runs; r++)
        {
            var smc = Infer.Smc(model, new SmcOptions { Particles = Particles, Seed = 101 + (ulong)r, MaxDegreeOfParallelism = 1 });
            logZ[r] = smc.LogEvidence;
            for (int i = 0; i < smc.Count; i++)
            {
                if (smc.Weights[i] == 0) continue;
                string key = ValueKey.Of(smc.Values[i]);
                if (!index.TryGetValue(key, out int j))
                    throw new XunitException($"run {r}: particle {i} has the value {key} (weight {smc.Weights[i]}), which the exact posterior does not have");
                estimates[r, j] += smc.Weights[i];
            }
        }
        // Ẑ_r / Z, the unbiased evidence ratios.
        var ratio = logZ.Select(l => Math.Exp(l - exact.LogEvidence)).ToArray();
        double meanRatio = ratio.Average();
        double evidenceTolerance = 5 * StandardDeviation(ratio) / Math.Sqrt(Runs) + 1e-9;
        if (Math.Abs(meanRatio - 1) > evidenceTolerance)
            throw new XunitException($"mean Ẑ/Z over {Runs} runs is {meanRatio} (tolerance {evidenceTolerance}); exact log Z {exact.LogEvidence}, runs {string.Join(", ", logZ)}");
        for (int j = 0; j < keys.Length; j++)
        {
            double pooled = 0;
            for (int r = 0; r < Runs; r++) pooled += ratio[r] * estimates[r, j];
            pooled /= ratio.Sum();
            var deviations = Enumerable.Range(0, Runs).Select(r => ratio[r] * (estimates[r, j] - pooled) / meanRatio).ToArray();
            double p = probability[keys[j]];
            double se = Math.Max(StandardDeviation(deviations) / Math.Sqrt(Runs), Math.Sqrt(p * (1 - p) / (Runs * Particles)));
            double tolerance = 5 * se + 1e-9;
            if (Math.Abs(pooled - p) > tolerance)
                throw new XunitException($"P(value = {keys[j]}): SMC {pooled}, exact {p} (tolerance {tolerance})");
        }
    }

    private static double StandardDeviation(double[] x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }
}
