namespace Probabilistic.Inference.Particles;

/// <summary>Reductions over log weights shared by the particle algorithms, computed stably (shifted by the maximum).</summary>
internal static class LogWeightStatistics
{
    public static double Max(ReadOnlySpan<double> logWeights)
    {
        double m = double.NegativeInfinity;
        foreach (var x in logWeights) m = Math.Max(m, x);
        return m;
    }

    /// <summary>log((1/N) Σ exp wᵢ); −∞ when every weight is 0.</summary>
    public static double LogMeanExp(ReadOnlySpan<double> logWeights)
    {
        double m = Max(logWeights);
        if (double.IsNegativeInfinity(m)) return m;
        double s = 0;
        foreach (var x in logWeights) s += Math.Exp(x - m);
        return m + Math.Log(s / logWeights.Length);
    }

    /// <summary>Kish's effective sample size (Σw)² / Σw²; 0 when every weight is 0.</summary>
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
}
