namespace Probabilistic.Inference.Diagnostics;

/// <summary>
/// The result of <see cref="ParetoSmoothing.Smooth"/>: Pareto-smoothed log importance weights (same order as the ratios,
/// on their scale, not normalized), the generalized Pareto shape estimate k̂ and the number of smoothed tail draws.
/// </summary>
public sealed class ParetoSmoothedWeights
{
    private readonly double[] _logWeights;

    internal ParetoSmoothedWeights(double[] logWeights, double paretoK, int tailLength)
    {
        _logWeights = logWeights;
        ParetoK = paretoK;
        TailLength = tailLength;
    }

    /// <summary>The smoothed log weights, unnormalized (the smallest ratios are unchanged).</summary>
    public IReadOnlyList<double> LogWeights => _logWeights;

    /// <summary>
    /// The Pareto shape k̂ fitted to the largest ratios (∞ when the tail was too short or could not be fitted). Compare it
    /// with <see cref="ParetoSmoothing.KThreshold"/>.
    /// </summary>
    public double ParetoK { get; }

    /// <summary>The number of largest ratios replaced by the fitted Pareto's quantiles.</summary>
    public int TailLength { get; }

    /// <summary>The number of draws.</summary>
    public int Count => _logWeights.Length;

    /// <summary>The smoothed log weights normalized so that their exponentials sum to 1.</summary>
    public double[] NormalizedLogWeights()
    {
        double max = _logWeights.Max();
        double total = 0;
        foreach (var lw in _logWeights) total += Math.Exp(lw - max);
        double log = max + Math.Log(total);
        return _logWeights.Select(lw => lw - log).ToArray();
    }

    /// <summary>The smoothed weights normalized to sum to 1.</summary>
    public double[] NormalizedWeights() => NormalizedLogWeights().Select(Math.Exp).ToArray();

    /// <summary>Kish's effective sample size 1 / Σ w̃ᵢ² of the normalized smoothed weights.</summary>
    public double EffectiveSampleSize => 1 / NormalizedWeights().Sum(w => w * w);
}
