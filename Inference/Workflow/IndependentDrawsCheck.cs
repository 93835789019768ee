using System.Globalization;
using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// How well independent draws from an approximation q (a variational guide, an importance proposal) stand for the
/// posterior p: the Pareto k̂ of the importance ratios p/q with its sample-size threshold, and the effective sample size
/// 1/Σw̃² of the Pareto-smoothed normalized weights (Yao, Vehtari, Simpson and Gelman 2018, "Yes, but did it work?:
/// Evaluating variational inference", ICML; Vehtari et al. 2024, "Pareto smoothed importance sampling", JMLR).
/// k̂ above <see cref="KThreshold"/> (at most 0.7) means the approximation is too far from the posterior for its draws
/// (or importance-weighted estimates from them) to be trusted.
/// </summary>
/// <param name="ParetoK">k̂ of the log ratios log p(θ, y) − log q(θ); NaN when it could not be computed (see <paramref name="Note"/>).</param>
/// <param name="EffectiveSampleSize">The PSIS effective sample size of the draws as posterior draws; NaN without k̂.</param>
/// <param name="Draws">The number of draws the check used.</param>
/// <param name="Note">Why k̂ is missing, or null.</param>
public sealed record IndependentDrawsCheck(double ParetoK, double EffectiveSampleSize, int Draws, string? Note = null)
{
    /// <summary>min(1 − 1/log₁₀ S, 0.7) for S = <see cref="Draws"/> (Vehtari et al. 2024).</summary>
    public double KThreshold => ParetoSmoothing.KThreshold(Math.Max(Draws, 2));

    /// <summary>True when k̂ is at most <see cref="KThreshold"/>.</summary>
    public bool Reliable => ParetoK <= KThreshold;

    /// <summary>Computes the check from the log importance ratios log p − log q of independent draws from q.</summary>
    public static IndependentDrawsCheck FromLogRatios(IReadOnlyList<double> logRatios)
    {
        var psis = ParetoSmoothing.Smooth(logRatios);
        return new IndependentDrawsCheck(psis.ParetoK, psis.EffectiveSampleSize, logRatios.Count);
    }

    /// <inheritdoc />
    public override string ToString() => double.IsNaN(ParetoK)
        ? $"independent draws ({Draws}); no R-hat; Pareto k not computed{(Note is null ? "" : $": {Note}")}"
        : string.Create(CultureInfo.InvariantCulture,
            $"independent draws: PSIS Pareto k = {ParetoK:F2} ({(Reliable ? "ok" : "unreliable")}: threshold {KThreshold:F2} for {Draws} draws), PSIS ESS = {EffectiveSampleSize:F0}; no R-hat");
}
