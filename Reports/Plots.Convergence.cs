using ScottPlot;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The evolution of the bulk and tail effective sample sizes as draws accumulate (ArviZ's <c>plot_ess</c>,
    /// <c>kind="evolution"</c>; Vehtari et al. 2021, §4.1): for each column, the ESS computed on the first k/<paramref name="points"/>
    /// of every chain, k = 1 … points. ESS should grow linearly; the dashed line is 100 per chain, the minimum for
    /// reliable quantiles.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="columns">The columns (one colour each; bulk solid, tail dashed).</param>
    /// <param name="points">How many prefixes of the chains to evaluate (10 by default).</param>
    public static Plot EssEvolution(Posterior posterior, IReadOnlyList<string> columns, int points = 10)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("Plots.EssEvolution: no columns to show.", nameof(columns));
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "Plots.EssEvolution: at least two points.");
        var plot = NewPlot("Effective sample size as draws accumulate", "total draws (all chains)", "ESS");
        IntegerTicks(plot.Axes.Bottom);
        int start = Math.Max(4, posterior.Draws / points);
        var lengths = Enumerable.Range(1, points).Select(k => Math.Max(start, posterior.Draws * k / points)).Distinct().ToArray();
        double[] x = lengths.Select(n => (double)(n * posterior.Chains)).ToArray();
        for (int k = 0; k < columns.Count; k++)
        {
            var chains = ChainsOf(posterior, columns[k]);
            double[] bulk = new double[lengths.Length], tail = new double[lengths.Length];
            for (int i = 0; i < lengths.Length; i++)
            {
                var prefix = chains.Select(c => c[..lengths[i]]).ToArray();
                bulk[i] = ConvergenceDiagnostics.EssBulk(prefix);
                tail[i] = ConvergenceDiagnostics.EssTail(prefix);
            }
            var (bx, by) = Finite(x, bulk);
            var (tx, ty) = Finite(x, tail);
            if (bx.Length == 0) continue; // a constant column has no ESS
            var b = plot.Add.ScatterLine(bx, by, ChainColor(k));
            b.LineWidth = 2;
            b.MarkerSize = 5;
            b.LegendText = $"{columns[k]} bulk";
            var t = plot.Add.ScatterLine(tx, ty, ChainColor(k));
            t.LinePattern = LinePattern.Dashed;
            t.MarkerSize = 5;
            t.LegendText = $"{columns[k]} tail";
        }
        var minimum = plot.Add.HorizontalLine(SummaryWarnings.EssPerChainThreshold * posterior.Chains, 1, Colors.Black, LinePattern.DenselyDashed);
        minimum.LegendText = $"{SummaryWarnings.EssPerChainThreshold:0} per chain";
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>
    /// The Monte Carlo standard error of the quantiles of one column (ArviZ's <c>plot_mcse</c>; Vehtari et al. 2021,
    /// §4.3): the MCSE of the p-quantile for p = 0.05, 0.10, … 0.95, with the MCSE of the mean dashed. A quantile whose
    /// MCSE is large relative to the posterior sd is poorly estimated (often the tails).
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="column">A column name or the address of a scalar choice.</param>
    public static Plot Mcse(Posterior posterior, string column)
    {
        var chains = ChainsOf(posterior, column);
        var plot = NewPlot($"MCSE of the quantiles of {column}", "quantile", "MCSE");
        var probabilities = Enumerable.Range(1, 19).Select(k => k / 20.0).ToArray();
        var mcse = probabilities.Select(p => ConvergenceDiagnostics.McseQuantile(chains, p)).ToArray();
        var (px, py) = Finite(probabilities, mcse);
        var points = plot.Add.ScatterPoints(px, py, ChainColor(0));
        points.MarkerSize = 7;
        points.LegendText = "quantile";
        var mean = plot.Add.HorizontalLine(ConvergenceDiagnostics.McseMean(chains) is var m && double.IsFinite(m) ? m : 0, 1.5f, ChainColor(1), LinePattern.Dashed);
        mean.LegendText = "mean";
        double top = py.Concat([ConvergenceDiagnostics.McseMean(chains)]).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimits(0, 1, 0, top > 0 ? top * 1.15 : 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
