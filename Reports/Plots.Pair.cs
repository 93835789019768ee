using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The pair plot of two columns: every draw as a point, divergent transitions of HMC/NUTS as larger red points on top
    /// (Betancourt's funnel diagnosis: divergences that cluster in one region show where the sampler fails).
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="xColumn">The column on the horizontal axis.</param>
    /// <param name="yColumn">The column on the vertical axis.</param>
    public static Plot Pair(Posterior posterior, string xColumn, string yColumn)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(xColumn);
        ArgumentNullException.ThrowIfNull(yColumn);
        double[] x = posterior[xColumn], y = posterior[yColumn];
        var plot = NewPlot($"{yColumn} against {xColumn}", xColumn, yColumn);
        var points = plot.Add.ScatterPoints(x, y, ChainColor(0).WithAlpha(0.35));
        points.MarkerSize = 3;
        points.LegendText = "draws";
        var divergent = posterior.Statistics?.SelectMany(chain => chain.Select(s => s.Divergent)).ToArray();
        if (divergent is not null && divergent.Any(d => d))
        {
            var index = Enumerable.Range(0, divergent.Length).Where(i => divergent[i]).ToArray();
            var marks = plot.Add.ScatterPoints(index.Select(i => x[i]).ToArray(), index.Select(i => y[i]).ToArray(), DivergenceColor);
            marks.MarkerSize = 6;
            marks.LegendText = $"divergent ({index.Length})";
            plot.ShowLegend(Alignment.UpperRight);
        }
        return plot;
    }
}
