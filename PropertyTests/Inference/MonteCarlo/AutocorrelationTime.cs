namespace Probabilistic.PropertyTests.Inference.MonteCarlo;

/// <summary>
/// The integrated autocorrelation time τ = 1 + 2 Σ_{k≥1} ρ_k of a chain's series, estimated with Geyer's initial
/// monotone sequence (Geyer, "Practical Markov chain Monte Carlo", Statist. Sci. 1992, §3.3): the sums of adjacent
/// autocovariances Γ_m = γ_{2m} + γ_{2m+1} are positive, decreasing for a reversible chain; the sum stops at the
/// first non-positive Γ_m, each made no larger than the one before. A mean over n draws then has variance ≈ τ·σ²/n,
/// and n/τ is the effective sample size.
/// </summary>
public static class AutocorrelationTime
{
    /// <summary>τ̂ of <paramref name="xs"/>; NaN when the series is constant.</summary>
    public static double Of(IReadOnlyList<double> xs)
    {
        int n = xs.Count;
        double mean = xs.Average();
        var d = xs.Select(x => x - mean).ToArray();
        double Autocovariance(int lag)
        {
            double s = 0;
            for (int i = 0; i + lag < n; i++) s += d[i] * d[i + lag];
            return s / n;
        }
        double gamma0 = Autocovariance(0);
        if (!(gamma0 > 0)) return double.NaN;
        double sum = 0, previous = double.PositiveInfinity;
        for (int m = 0; 2 * m + 1 < n; m++)
        {
            double pair = Math.Min(previous, Autocovariance(2 * m) + Autocovariance(2 * m + 1));
            if (!(pair > 0)) break;
            sum += pair;
            previous = pair;
        }
        return Math.Max(1, (2 * sum - gamma0) / gamma0);
    }
}
