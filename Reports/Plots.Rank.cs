using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The rank plot of one column (Vehtari et al. 2021, "Rank-normalization, folding, and localization", §4.3): all
    /// draws are ranked together and each chain's ranks are binned; when the chains mix, every chain's histogram is
    /// flat at the dashed line (draws per chain / bins). One step line per chain.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="column">A column name or the address of a scalar choice.</param>
    /// <param name="bins">The number of rank bins (20 by default).</param>
    public static Plot Rank(Posterior posterior, string column, int bins = 20)
    {
        CheckBins(bins);
        var chains = ChainsOf(posterior, column);
        int total = chains.Sum(c => c.Length);
        var pooled = chains.SelectMany((draws, c) => draws.Select((x, d) => (x, c))).ToArray();
        var order = Enumerable.Range(0, total).OrderBy(i => pooled[i].x).ToArray();
        var counts = new double[chains.Length, bins];
        for (int rank = 0; rank < total; rank++)
            counts[pooled[order[rank]].c, Math.Min(bins - 1, rank * bins / total)]++;

        var plot = NewPlot($"Rank plot of {column}", "rank (all chains)", "draws per bin");
        IntegerTicks(plot.Axes.Bottom);
        for (int c = 0; c < chains.Length; c++)
        {
            var xs = new double[2 * bins];
            var ys = new double[2 * bins];
            for (int b = 0; b < bins; b++)
            {
                xs[2 * b] = (double)b * total / bins;
                xs[2 * b + 1] = (double)(b + 1) * total / bins;
                ys[2 * b] = ys[2 * b + 1] = counts[c, b];
            }
            var line = plot.Add.ScatterLine(xs, ys, ChainColor(c));
            line.LineWidth = 2;
            line.LegendText = $"chain {c + 1}";
        }
        var uniform = plot.Add.HorizontalLine((double)chains[0].Length / bins, 1, Colors.Black, LinePattern.Dashed);
        uniform.LegendText = "uniform";
        plot.Axes.SetLimitsY(0, Enumerable.Range(0, chains.Length).Max(c => Enumerable.Range(0, bins).Max(b => counts[c, b])) * 1.15);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
