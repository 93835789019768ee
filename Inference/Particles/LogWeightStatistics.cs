namespace Probabilistic.Inference.Particles;

/// <summary>
/// Reductions over the log weights of a particle system, computed stably (shifted by the maximum) over spans, so that
/// every particle algorithm — this library's populations and the vectorized tensor SMC and importance sampling
/// (which copy their N log weights to the host once per step) — uses the same formulas.
/// </summary>
public static class LogWeightStatistics
{
    /// <summary>The largest log weight; −∞ for an empty span or when every weight is 0.</summary>
    public static double Max(ReadOnlySpan<double> logWeights)
    {
        double m = double.NegativeInfinity;
        foreach (var x in logWeights) m = Math.Max(m, x);
        return m;
    }

    /// <summary>
    /// One index drawn in proportion to exp(<paramref name="logWeights"/>) (inverse CDF on the weights shifted by their
    /// maximum, one uniform from <paramref name="rng"/>); −1 when every weight is 0. Rounding that leaves the uniform
    /// past the last weight picks the last index of positive weight.
    /// </summary>
    public static int DrawIndex(ReadOnlySpan<double> logWeights, Rng rng)
    {
        double max = Max(logWeights), total = 0;
        if (double.IsNegativeInfinity(max)) return -1;
        foreach (var lw in logWeights) total += Math.Exp(lw - max);
        double u = rng.NextDouble() * total;
        for (int i = 0; i < logWeights.Length; i++)
        {
            u -= Math.Exp(logWeights[i] - max);
            if (u < 0) return i;
        }
        for (int i = logWeights.Length - 1; ; i--)
            if (!double.IsNegativeInfinity(logWeights[i])) return i;
    }

    /// <summary>
    /// log((1/N) Σ exp wᵢ), the log of the mean weight (an importance sampler's, or one SMC step's, evidence estimate;
    /// Doucet &amp; Johansen 2011, "A tutorial on particle filtering and smoothing", eq. 49); −∞ when every weight is 0.
    /// </summary>
    public static double LogMeanExp(ReadOnlySpan<double> logWeights)
    {
        double m = Max(logWeights);
        if (double.IsNegativeInfinity(m)) return m;
        double s = 0;
        foreach (var x in logWeights) s += Math.Exp(x - m);
        return m + Math.Log(s / logWeights.Length);
    }

    /// <summary>
    /// Kish's effective sample size (Σw)² / Σw² (L. Kish, "Survey Sampling", 1965; the ESS of Liu 1996 used to trigger
    /// resampling); 0 when every weight is 0.
    /// </summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> logWeights)
    {
        double m = Max(logWeights);
        if (double.IsNegativeInfinity(m)) return 0;
        double s = 0, s2 = 0;
        foreach (var lw in logWeights)
        {
            double w = Math.Exp(lw - m);
            s += w;
            s2 += w * w;
        }
        return s * s / s2;
    }

    /// <summary>
    /// <see cref="EffectiveSampleSize(ReadOnlySpan{double})"/> and, in <paramref name="logMeanExp"/>,
    /// <see cref="LogMeanExp"/> of the same weights from one pass over them (the same sums, so the same values to the
    /// bit): a filter that resamples needs both at every step.
    /// </summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> logWeights, out double logMeanExp)
    {
        double m = Max(logWeights);
        if (double.IsNegativeInfinity(m))
        {
            logMeanExp = m;
            return 0;
        }
        double s = 0, s2 = 0;
        foreach (var lw in logWeights)
        {
            double w = Math.Exp(lw - m);
            s += w;
            s2 += w * w;
        }
        logMeanExp = m + Math.Log(s / logWeights.Length);
        return s * s / s2;
    }
}
