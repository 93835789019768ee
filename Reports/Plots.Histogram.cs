using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>The histogram of one column over all chains, normalized to a density.</summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="column">A column name or the address of a scalar choice.</param>
    /// <param name="bins">The number of equal-width bins (30 by default).</param>
    public static Plot Histogram(Posterior posterior, string column, int bins = 30)
    {
        CheckBins(bins);
        var values = ChainsOf(posterior, column).SelectMany(c => c).ToArray();
        return WeightedHistogram(values, null, bins, $"Histogram of {column}", column);
    }

    /// <summary>The weighted histogram of <paramref name="selector"/>(value) over the particles of a weighted sample, normalized to a density.</summary>
    /// <param name="sample">The weighted sample.</param>
    /// <param name="selector">The scalar to plot.</param>
    /// <param name="label">The quantity's name for the title and axis.</param>
    /// <param name="bins">The number of equal-width bins (30 by default).</param>
    public static Plot Histogram<T>(WeightedSample<T> sample, Func<T, double> selector, string label, int bins = 30)
    {
        CheckBins(bins);
        return WeightedHistogram(Selected(sample, selector), sample.Weights, bins, $"Histogram of {label}", label);
    }

    private static Plot WeightedHistogram(double[] values, IReadOnlyList<double>? weights, int bins, string title, string label)
    {
        double lo = values.Min(), hi = values.Max();
        if (hi == lo) { lo -= 0.5; hi += 0.5; }
        double width = (hi - lo) / bins, total = weights?.Sum() ?? values.Length;
        var heights = new double[bins];
        for (int i = 0; i < values.Length; i++)
            heights[Math.Min(bins - 1, (int)((values[i] - lo) / width))] += (weights?[i] ?? 1.0) / (total * width);
        var plot = NewPlot(title, label, "density");
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray(), heights);
        foreach (var bar in bars.Bars)
        {
            bar.Size = width;
            bar.FillColor = ChainColor(0).WithAlpha(0.6);
            bar.LineWidth = 0;
        }
        plot.Axes.Margins(bottom: 0);
        return plot;
    }
}
