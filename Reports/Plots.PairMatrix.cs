using System.Globalization;
using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The pair-plot matrix of several columns (ArviZ's <c>plot_pair</c>, bayesplot's <c>mcmc_pairs</c>; Gabry et al.
    /// 2019, §4): below the diagonal every pair of columns as a scatter of the draws with the divergent transitions of
    /// HMC/NUTS in red on top (divergences that cluster show where the sampler fails, e.g. the neck of a funnel); on the
    /// diagonal each column's density (reflected at its range, as <see cref="Density(Posterior, string, double?, double?)"/>);
    /// above it the correlation of the pair. Each panel spans its columns' ranges; the axes name the columns, panel by
    /// panel, and each panel's corner labels give its range.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="columns">Two or more columns.</param>
    public static Plot PairMatrix(Posterior posterior, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count < 2) throw new ArgumentException($"Plots.PairMatrix: need at least two columns; got {columns.Count}.", nameof(columns));
        int k = columns.Count;
        const double gap = 0.12;
        var values = columns.Select(c => posterior[c]).ToArray();
        var ranges = values.Select(v => (Lo: v.Min(), Hi: v.Max())).ToArray();
        double Scale(int j, double v) => ranges[j].Hi > ranges[j].Lo ? 0.04 + 0.92 * (v - ranges[j].Lo) / (ranges[j].Hi - ranges[j].Lo) : 0.5;
        double Left(int col) => col * (1 + gap);
        double Bottom(int row) => (k - 1 - row) * (1 + gap);
        var divergent = posterior.Statistics?.SelectMany(chain => chain.Select(s => s.Divergent)).ToArray() ?? [];
        var divergentIndex = Enumerable.Range(0, divergent.Length).Where(i => divergent[i]).ToArray();
        var plot = NewPlot(divergentIndex.Length > 0 ? $"Pairs ({divergentIndex.Length} divergent transitions in red)" : "Pairs", "", "");
        var inv = CultureInfo.InvariantCulture;
        for (int row = 0; row < k; row++)
            for (int col = 0; col < k; col++)
            {
                double x0 = Left(col), y0 = Bottom(row);
                var frame = plot.Add.Rectangle(x0, x0 + 1, y0, y0 + 1);
                frame.FillStyle.Color = Colors.Transparent;
                frame.LineStyle.Color = Colors.Gray;
                if (row == col)
                {
                    var (lo, hi) = ranges[row].Hi > ranges[row].Lo ? (ranges[row].Lo, ranges[row].Hi) : (double.NegativeInfinity, double.PositiveInfinity);
                    var (dx, dy) = new KernelDensity(values[row], null, lo, hi).Grid(120);
                    double top = dy.Max();
                    var line = plot.Add.ScatterLine(dx.Select(v => x0 + Scale(row, v)).ToArray(), dy.Select(v => y0 + 0.9 * v / top).ToArray(), Colors.Black);
                    line.LineWidth = 1.5f;
                    var label = plot.Add.Text($"{SummaryHtml.Number(ranges[row].Lo)} … {SummaryHtml.Number(ranges[row].Hi)}", x0 + 0.03, y0 + 0.97);
                    label.LabelFontSize = 9;
                    label.LabelFontColor = Colors.DimGray;
                }
                else if (row > col)
                {
                    var points = plot.Add.ScatterPoints(values[col].Select(v => x0 + Scale(col, v)).ToArray(), values[row].Select(v => y0 + Scale(row, v)).ToArray(), ChainColor(0).WithAlpha(0.3));
                    points.MarkerSize = 2;
                    if (divergentIndex.Length > 0)
                    {
                        var marks = plot.Add.ScatterPoints(divergentIndex.Select(i => x0 + Scale(col, values[col][i])).ToArray(), divergentIndex.Select(i => y0 + Scale(row, values[row][i])).ToArray(), DivergenceColor);
                        marks.MarkerSize = 4;
                    }
                }
                else
                {
                    var text = plot.Add.Text($"r = {Correlation(values[row], values[col]).ToString("F2", inv)}", x0 + 0.5, y0 + 0.5);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = 14;
                }
            }
        var centres = Enumerable.Range(0, k).Select(j => Left(j) + 0.5).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centres, columns.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, k).Select(r => Bottom(r) + 0.5).ToArray(), columns.ToArray());
        plot.HideGrid();
        plot.Axes.SetLimits(-0.05, Left(k - 1) + 1.05, -0.05, Bottom(0) + 1.05);
        return plot;
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }
}
