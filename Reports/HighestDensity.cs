namespace Probabilistic.Reports;

/// <summary>
/// The highest-density interval of draws: the shortest interval that holds a fraction <c>prob</c> of them (Chen &amp;
/// Shao 1999, "Monte Carlo estimation of Bayesian credible and HPD intervals", J. Comp. Graph. Stat. 8(1)), as ArviZ's
/// <c>hdi</c> computes it for a unimodal marginal.
/// </summary>
internal static class HighestDensity
{
    /// <summary>The shortest interval [sorted[i], sorted[i + m]] with m = ⌈prob·n⌉ − 1 over sorted draws.</summary>
    public static (double Lower, double Upper) Interval(double[] sorted, double prob)
    {
        if (!(prob > 0 && prob < 1)) throw new ArgumentOutOfRangeException(nameof(prob), prob, "HighestDensity.Interval: the probability must lie in (0, 1).");
        if (sorted.Length == 0) throw new ArgumentException("HighestDensity.Interval: there are no draws.", nameof(sorted));
        int n = sorted.Length, width = Math.Max(0, (int)Math.Ceiling(prob * n) - 1);
        int best = 0;
        double shortest = double.PositiveInfinity;
        for (int i = 0; i + width < n; i++)
        {
            double length = sorted[i + width] - sorted[i];
            if (length < shortest) { shortest = length; best = i; }
        }
        return (sorted[best], sorted[best + width]);
    }
}
