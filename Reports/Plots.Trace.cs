using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The trace plot of one column: its draws against the iteration, one line per chain (in <see cref="ChainColor"/>),
    /// with the divergent transitions of HMC/NUTS marked at the bottom as in ArviZ's <c>plot_trace</c>.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="column">A column name (<c>mu</c>, <c>theta[1]</c>) or the address of a scalar choice.</param>
    public static Plot Trace(Posterior posterior, string column)
    {
        var chains = ChainsOf(posterior, column);
        var plot = NewPlot($"Trace of {column}", "iteration", column);
        IntegerTicks(plot.Axes.Bottom);
        double lowest = chains.Min(c => c.Min());
        for (int c = 0; c < chains.Length; c++)
        {
            var line = plot.Add.Signal(chains[c], color: ChainColor(c));
            line.LegendText = $"chain {c + 1}";
        }
        var statistics = posterior.Statistics;
        if (statistics is not null)
        {
            var divergent = statistics.SelectMany(chain => chain.Select((s, d) => (s.Divergent, d))).Where(x => x.Divergent).Select(x => (double)x.d).ToArray();
            if (divergent.Length > 0)
            {
                var marks = plot.Add.Markers(divergent, divergent.Select(_ => lowest).ToArray(), MarkerShape.VerticalBar, 8, DivergenceColor);
                marks.LegendText = "divergent";
            }
        }
        if (chains.Length > 1) plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
