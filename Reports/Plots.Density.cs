using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The marginal density of one column by a Gaussian <see cref="KernelDensity"/>: the pooled draws as a thick black
    /// line and each chain's in its <see cref="ChainColor"/> (chains that disagree show as separate bumps). The estimate
    /// is boundary-corrected by reflection: at <paramref name="lower"/> and <paramref name="upper"/> when given (the
    /// support's bounds, e.g. 0 for a scale), otherwise at the smallest and largest draw, as ArviZ's
    /// <c>bound_correction</c> does, so a density on (0, ∞) never spills below 0.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="column">A column name or the address of a scalar choice.</param>
    /// <param name="lower">The lower bound of the support; null for the smallest draw, −∞ for an unbounded tail.</param>
    /// <param name="upper">The upper bound of the support; null for the largest draw, +∞ for an unbounded tail.</param>
    public static Plot Density(Posterior posterior, string column, double? lower = null, double? upper = null)
    {
        var chains = ChainsOf(posterior, column);
        var pooled = chains.SelectMany(c => c).ToArray();
        var (lo, hi) = DensityBounds(pooled, lower, upper, nameof(lower));
        var plot = NewPlot($"Density of {column}", column, "density");
        if (chains.Length > 1)
            for (int c = 0; c < chains.Length; c++)
            {
                var (cx, cy) = new KernelDensity(chains[c], null, lo, hi).Grid();
                var line = plot.Add.ScatterLine(cx, cy, ChainColor(c).WithAlpha(0.7));
                line.LegendText = $"chain {c + 1}";
            }
        var (x, y) = new KernelDensity(pooled, null, lo, hi).Grid();
        var all = plot.Add.ScatterLine(x, y, Colors.Black);
        all.LineWidth = 2;
        all.LegendText = "all chains";
        if (chains.Length > 1) plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    /// <summary>
    /// The weighted kernel density of <paramref name="selector"/>(value) over the particles of an importance or SMC
    /// sample, reflected at the bounds as <see cref="Density(Posterior, string, double?, double?)"/>.
    /// </summary>
    /// <param name="sample">The weighted sample.</param>
    /// <param name="selector">The scalar to plot, e.g. <c>x =&gt; x.Value</c>.</param>
    /// <param name="label">The quantity's name for the title and axis.</param>
    /// <param name="lower">The lower bound of the support; null for the smallest value, −∞ for an unbounded tail.</param>
    /// <param name="upper">The upper bound of the support; null for the largest value, +∞ for an unbounded tail.</param>
    public static Plot Density<T>(WeightedSample<T> sample, Func<T, double> selector, string label, double? lower = null, double? upper = null)
    {
        var values = Selected(sample, selector);
        var (lo, hi) = DensityBounds(values, lower, upper, nameof(lower));
        var (x, y) = new KernelDensity(values, sample.Weights, lo, hi).Grid();
        var plot = NewPlot($"Density of {label} ({sample.Count} particles)", label, "density");
        plot.Add.ScatterLine(x, y, Colors.Black).LineWidth = 2;
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    /// <summary>The reflection bounds: the given ones, or the range of the values; none when all values are equal.</summary>
    private static (double Lower, double Upper) DensityBounds(double[] values, double? lower, double? upper, string parameter)
    {
        double min = values.Min(), max = values.Max();
        if (lower is double l && upper is double u && !(l < u))
            throw new ArgumentException($"Plots.Density: the bounds must satisfy lower < upper; got [{l}, {u}].", parameter);
        if (lower is double a && min < a) throw new ArgumentException($"Plots.Density: the value {min} lies below the lower bound {a}.", parameter);
        if (upper is double b && max > b) throw new ArgumentException($"Plots.Density: the value {max} lies above the upper bound {b}.", parameter);
        double lo = lower ?? min, hi = upper ?? max;
        if (!(lo < hi)) return (double.NegativeInfinity, double.PositiveInfinity);
        return (lo, hi);
    }
}
