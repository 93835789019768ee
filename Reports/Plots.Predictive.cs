using ScottPlot;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// A posterior predictive check (bayesplot's <c>ppc_dens_overlay</c>; Gabry et al. 2019, §5): the kernel density of
    /// each replicated data set drawn from the posterior predictive in a light colour, the observed data's on top in
    /// black. Observed data that look unlike the replicates show where the model misfits.
    /// </summary>
    /// <param name="observed">The observed data.</param>
    /// <param name="replicates">Replicated data sets ỹ ~ p(ỹ | y), one array each.</param>
    /// <param name="label">The data's name for the axis.</param>
    public static Plot PosteriorPredictive(IReadOnlyList<double> observed, IReadOnlyList<IReadOnlyList<double>> replicates, string label = "y")
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(replicates);
        if (replicates.Count == 0) throw new ArgumentException("Plots.PosteriorPredictive: there are no replicated data sets.", nameof(replicates));
        var plot = NewPlot("Posterior predictive check", label, "density");
        for (int r = 0; r < replicates.Count; r++)
        {
            var (rx, ry) = new KernelDensity(replicates[r] ?? throw new ArgumentException($"Plots.PosteriorPredictive: replicate {r} is null.", nameof(replicates))).Grid();
            var line = plot.Add.ScatterLine(rx, ry, ChainColor(0).WithAlpha(0.25));
            if (r == 0) line.LegendText = "replicated";
        }
        var (x, y) = new KernelDensity(observed).Grid();
        var data = plot.Add.ScatterLine(x, y, Colors.Black);
        data.LineWidth = 2.5f;
        data.LegendText = "observed";
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
