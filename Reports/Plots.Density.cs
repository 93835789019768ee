using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The marginal density of one column by a Gaussian <see cref="KernelDensity"/>: the pooled draws as a thick black
    /// line and each chain's in its <see cref="ChainColor"/> (chains that disagree show as separate bumps).
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="column">A column name or the address of a scalar choice.</param>
    public static Plot Density(Posterior posterior, string column)
    {
        var chains = ChainsOf(posterior, column);
        var plot = NewPlot($"Density of {column}", column, "density");
        if (chains.Length > 1)
            for (int c = 0; c < chains.Length; c++)
            {
                var (cx, cy) = new KernelDensity(chains[c]).Grid();
                var line = plot.Add.ScatterLine(cx, cy, ChainColor(c).WithAlpha(0.7));
                line.LegendText = $"chain {c + 1}";
            }
        var (x, y) = new KernelDensity(chains.SelectMany(c => c).ToArray()).Grid();
        var all = plot.Add.ScatterLine(x, y, Colors.Black);
        all.LineWidth = 2;
        all.LegendText = "all chains";
        if (chains.Length > 1) plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The weighted kernel density of <paramref name="selector"/>(value) over the particles of an importance or SMC sample.</summary>
    /// <param name="sample">The weighted sample.</param>
    /// <param name="selector">The scalar to plot, e.g. <c>x =&gt; x.Value</c>.</param>
    /// <param name="label">The quantity's name for the title and axis.</param>
    public static Plot Density<T>(WeightedSample<T> sample, Func<T, double> selector, string label)
    {
        var values = Selected(sample, selector);
        var (x, y) = new KernelDensity(values, sample.Weights).Grid();
        var plot = NewPlot($"Density of {label} ({sample.Count} particles, ESS {sample.EffectiveSampleSize:F0})", label, "density");
        plot.Add.ScatterLine(x, y, Colors.Black).LineWidth = 2;
        return plot;
    }
}
