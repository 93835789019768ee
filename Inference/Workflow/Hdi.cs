namespace Probabilistic.Inference.Workflow;

/// <summary>
/// Highest-density intervals: the shortest interval holding a given probability (Hyndman 1996, "Computing and graphing
/// highest density regions", The American Statistician 50(2); for draws, the shortest interval that contains
/// ⌊p·n⌋ + 1 of the n sorted draws, as ArviZ's <c>hdi</c> computes it for a unimodal distribution).
/// </summary>
public static class Hdi
{
    /// <summary>ArviZ's default probability, 0.94.</summary>
    public const double DefaultProbability = 0.94;

    /// <summary>The shortest interval [sorted[j], sorted[j + ⌊p·n⌋]] over the draws (unimodal: one interval).</summary>
    /// <param name="draws">The draws (at least 2; NaN is rejected).</param>
    /// <param name="probability">The probability mass p in (0, 1).</param>
    public static (double Lower, double Upper) Of(IReadOnlyList<double> draws, double probability = DefaultProbability)
    {
        ArgumentNullException.ThrowIfNull(draws);
        CheckProbability(probability);
        if (draws.Count < 2) throw new ArgumentException($"Hdi: {draws.Count} draws; at least 2 are needed.", nameof(draws));
        var sorted = draws.ToArray();
        for (int i = 0; i < sorted.Length; i++)
            if (double.IsNaN(sorted[i])) throw new ArgumentException($"Hdi: draw {i} is NaN.", nameof(draws));
        Array.Sort(sorted);
        int n = sorted.Length;
        int inside = (int)Math.Floor(probability * n);
        if (inside < 1) inside = 1;
        int intervals = n - inside;
        if (intervals < 1) return (sorted[0], sorted[^1]);
        int best = 0;
        double width = double.PositiveInfinity;
        for (int j = 0; j < intervals; j++)
        {
            double w = sorted[j + inside] - sorted[j];
            if (w < width) { width = w; best = j; }
        }
        return (sorted[best], sorted[best + inside]);
    }

    /// <summary>
    /// The exact HDI of a unimodal continuous distribution given by its quantile function F⁻¹: the interval
    /// [F⁻¹(a), F⁻¹(a + p)] of least width over a ∈ [0, 1 − p], found by golden-section search (the width is convex in a
    /// for a unimodal density), to 1e-12 in a.
    /// </summary>
    public static (double Lower, double Upper) OfDistribution(Func<double, double> quantile, double probability = DefaultProbability)
    {
        ArgumentNullException.ThrowIfNull(quantile);
        CheckProbability(probability);
        double Width(double a) => quantile(a + probability) - quantile(a);
        double lo = 0, hi = 1 - probability;
        double phi = (Math.Sqrt(5) - 1) / 2;
        double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
        double f1 = Width(x1), f2 = Width(x2);
        while (hi - lo > 1e-12)
        {
            if (f1 <= f2) { hi = x2; x2 = x1; f2 = f1; x1 = hi - phi * (hi - lo); f1 = Width(x1); }
            else { lo = x1; x1 = x2; f1 = f2; x2 = lo + phi * (hi - lo); f2 = Width(x2); }
        }
        double a = (lo + hi) / 2;
        // The bounds themselves when the density is monotone (the HDI starts at the support's lower end).
        if (Width(0) <= Width(a)) a = 0;
        if (Width(1 - probability) < Width(a)) a = 1 - probability;
        return (quantile(a), quantile(a + probability));
    }

    private static void CheckProbability(double probability)
    {
        if (!(probability > 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Hdi: the probability must be in (0, 1).");
    }
}
