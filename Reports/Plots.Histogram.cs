using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The histogram of one column over all chains, normalized to a density. When every draw is an integer (a discrete
    /// choice) the bars are one unit wide and centred on the integers, their heights are probabilities, and the axis
    /// ticks are integers (bayesplot's <c>mcmc_hist</c> with <c>discrete = TRUE</c>); otherwise <paramref name="bins"/>
    /// equal-width bins.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="column">A column name or the address of a scalar choice.</param>
    /// <param name="bins">The number of equal-width bins for continuous values (30 by default).</param>
    public static Plot Histogram(Posterior posterior, string column, int bins = 30)
    {
        CheckBins(bins);
        var values = ChainsOf(posterior, column).SelectMany(c => c).ToArray();
        return WeightedHistogram(values, null, bins, $"Histogram of {column}", column);
    }

    /// <summary>The weighted histogram of <paramref name="selector"/>(value) over the particles of a weighted sample, normalized to a density (integer-aligned for integer values, as <see cref="Histogram(Posterior, string, int)"/>).</summary>
    /// <param name="sample">The weighted sample.</param>
    /// <param name="selector">The scalar to plot.</param>
    /// <param name="label">The quantity's name for the title and axis.</param>
    /// <param name="bins">The number of equal-width bins for continuous values (30 by default).</param>
    public static Plot Histogram<T>(WeightedSample<T> sample, Func<T, double> selector, string label, int bins = 30)
    {
        CheckBins(bins);
        return WeightedHistogram(Selected(sample, selector), sample.Weights, bins, $"Histogram of {label}", label);
    }

    /// <summary>Whether every value is an integer: a discrete quantity, plotted with integer-aligned bins.</summary>
    public static bool IsIntegral(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var v in values)
            if (!double.IsFinite(v) || v != Math.Round(v)) return false;
        return values.Count > 0;
    }

    /// <summary>Integer-aligned bins are used up to this many distinct integers; a wider range gets equal-width bins.</summary>
    private const int MaxIntegerBins = 500;

    private static Plot WeightedHistogram(double[] values, IReadOnlyList<double>? weights, int bins, string title, string label)
    {
        if (values.Length == 0) throw new ArgumentException("Plots.Histogram: there are no values.", nameof(values));
        double lo = values.Min(), hi = values.Max();
        bool integral = IsIntegral(values) && hi - lo < MaxIntegerBins;
        double width;
        if (integral)
        {
            bins = (int)(hi - lo) + 1;
            width = 1;
            lo -= 0.5;
        }
        else
        {
            if (hi == lo) { lo -= 0.5; hi += 0.5; }
            width = (hi - lo) / bins;
        }
        double total = weights?.Sum() ?? values.Length;
        var heights = new double[bins];
        for (int i = 0; i < values.Length; i++)
            heights[Math.Clamp((int)Math.Floor((values[i] - lo) / width), 0, bins - 1)] += (weights?[i] ?? 1.0) / (total * width);
        var plot = NewPlot(title, label, integral ? "probability" : "density");
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray(), heights);
        foreach (var bar in bars.Bars)
        {
            bar.Size = integral ? 0.9 : width;
            bar.FillColor = ChainColor(0).WithAlpha(0.6);
            bar.LineWidth = 0;
        }
        if (integral) IntegerTicks(plot.Axes.Bottom);
        plot.Axes.Margins(bottom: 0);
        return plot;
    }
}
