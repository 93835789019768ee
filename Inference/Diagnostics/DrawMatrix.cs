namespace Probabilistic.Inference.Diagnostics;

/// <summary>
/// Operations on a matrix of draws [chain][draw] that the diagnostics share, each as the R package
/// <c>posterior</c> (1.4.0) defines it: validation, splitting chains in halves, pooling, the sample
/// quantile (R's type 7), folding around the median, and the "too degenerate to diagnose" check.
/// </summary>
internal static class DrawMatrix
{
    /// <summary>R's <c>.Machine$double.eps</c>, 2⁻⁵².</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Checks that the matrix has at least one chain, that no chain is null or empty, and that all have the same length.</summary>
    public static void Validate(double[][] chains, string caller)
    {
        if (chains is null) throw new ArgumentNullException(nameof(chains), $"{caller}: the draws are null.");
        if (chains.Length == 0) throw new ArgumentException($"{caller}: there are no chains.", nameof(chains));
        for (int c = 0; c < chains.Length; c++)
        {
            if (chains[c] is null) throw new ArgumentException($"{caller}: chain {c} is null.", nameof(chains));
            if (chains[c].Length == 0) throw new ArgumentException($"{caller}: chain {c} has no draws.", nameof(chains));
            if (chains[c].Length != chains[0].Length)
                throw new ArgumentException($"{caller}: chain {c} has {chains[c].Length} draws but chain 0 has {chains[0].Length}; chains must have equal lengths.", nameof(chains));
        }
    }

    /// <summary>
    /// Each chain cut into its first and second half (posterior's <c>.split_chains</c>): with an odd number
    /// of draws n, the middle draw (1-based ⌈n/2⌉) is dropped. A chain of one draw is not split.
    /// </summary>
    public static double[][] Split(double[][] chains)
    {
        int n = chains[0].Length;
        if (n == 1) return chains;
        int half = n / 2;
        int secondStart = n - half;
        var split = new double[2 * chains.Length][];
        for (int c = 0; c < chains.Length; c++)
        {
            split[2 * c] = chains[c][..half];
            split[2 * c + 1] = chains[c][secondStart..];
        }
        return split;
    }

    /// <summary>All draws in one array, chain after chain.</summary>
    public static double[] Pool(double[][] chains)
    {
        var all = new double[chains.Length * chains[0].Length];
        for (int c = 0; c < chains.Length; c++) chains[c].CopyTo(all, c * chains[0].Length);
        return all;
    }

    /// <summary>The same matrix with <paramref name="f"/> applied to each draw.</summary>
    public static double[][] Map(double[][] chains, Func<double, double> f)
    {
        var r = new double[chains.Length][];
        for (int c = 0; c < chains.Length; c++)
        {
            r[c] = new double[chains[c].Length];
            for (int i = 0; i < r[c].Length; i++) r[c][i] = f(chains[c][i]);
        }
        return r;
    }

    /// <summary>
    /// True when posterior returns NA for these draws (<c>should_return_NA</c>): a draw is NaN or infinite, or
    /// all draws are equal to within machine epsilon (max − min &lt; 2.2e-16, absolute).
    /// </summary>
    public static bool IsDegenerate(double[][] chains)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var chain in chains)
            foreach (var x in chain)
            {
                if (!double.IsFinite(x)) return true;
                min = Math.Min(min, x);
                max = Math.Max(max, x);
            }
        return Math.Abs(max - min) < MachineEpsilon;
    }

    /// <summary>The arithmetic mean.</summary>
    public static double Mean(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (var v in x) s += v;
        return s / x.Length;
    }

    /// <summary>The sample variance with denominator n − 1 (R's <c>var</c>); NaN for fewer than two values.</summary>
    public static double Variance(ReadOnlySpan<double> x)
    {
        if (x.Length < 2) return double.NaN;
        double m = Mean(x), s = 0;
        foreach (var v in x) s += (v - m) * (v - m);
        return s / (x.Length - 1);
    }

    /// <summary>
    /// The sample quantile of R's default type 7 (Hyndman and Fan 1996): with h = (n − 1)p, the linear
    /// interpolation (1 − (h − ⌊h⌋))·x₍⌊h⌋₎ + (h − ⌊h⌋)·x₍⌈h⌉₎ of the order statistics (0-based).
    /// </summary>
    public static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h), hi = (int)Math.Ceiling(h);
        double q = sorted[lo];
        if (h > lo && sorted[hi] != q)
        {
            double w = h - lo;
            q = (1 - w) * q + w * sorted[hi];
        }
        return q;
    }

    /// <summary>The sorted copy of all draws.</summary>
    public static double[] Sorted(double[][] chains)
    {
        var all = Pool(chains);
        Array.Sort(all);
        return all;
    }

    /// <summary>|x − median| for each draw, the median taken over all draws (posterior's <c>fold_draws</c>).</summary>
    public static double[][] Fold(double[][] chains)
    {
        double median = Quantile(Sorted(chains), 0.5);
        return Map(chains, x => Math.Abs(x - median));
    }
}
