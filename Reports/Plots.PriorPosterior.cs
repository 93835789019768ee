using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// Prior against posterior for one quantity (Gabry et al. 2019, §3; bayesplot's <c>mcmc_dens</c> of both): the
    /// densities of prior draws (grey) and posterior draws (black), each reflected at its range as
    /// <see cref="Density(Posterior, string, double?, double?)"/>, or integer-aligned probabilities when both are
    /// discrete. How far the posterior moved from, and narrowed within, the prior shows what the data taught.
    /// </summary>
    /// <param name="prior">Draws from the prior (or prior predictive).</param>
    /// <param name="posterior">Draws from the posterior.</param>
    /// <param name="label">The quantity's name.</param>
    public static Plot PriorPosterior(IReadOnlyList<double> prior, IReadOnlyList<double> posterior, string label)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (prior.Count == 0) throw new ArgumentException("Plots.PriorPosterior: there are no prior draws.", nameof(prior));
        if (posterior.Count == 0) throw new ArgumentException("Plots.PriorPosterior: there are no posterior draws.", nameof(posterior));
        var plot = NewPlot($"Prior and posterior of {label}", label, "density");
        bool discrete = IsIntegral(prior) && IsIntegral(posterior);
        foreach (var (draws, name, color, width) in new[] { (prior, "prior", Colors.Gray, 2f), (posterior, "posterior", Colors.Black, 2.5f) })
        {
            var values = draws.ToArray();
            double[] x, y;
            if (discrete)
            {
                x = values.Distinct().Order().ToArray();
                y = x.Select(v => values.Count(d => d == v) / (double)values.Length).ToArray();
                var markers = plot.Add.ScatterLine(x, y, color);
                markers.MarkerSize = 7;
                markers.LineWidth = width;
                markers.LegendText = name;
                continue;
            }
            var (lo, hi) = DensityBounds(values, null, null, nameof(prior));
            (x, y) = new KernelDensity(values, null, lo, hi).Grid();
            var line = plot.Add.ScatterLine(x, y, color);
            line.LineWidth = width;
            line.LegendText = name;
        }
        if (discrete)
        {
            IntegerTicks(plot.Axes.Bottom);
            plot.YLabel("probability");
        }
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Prior against posterior for one column of two sets of draws (e.g. NUTS on the model without and with its data).</summary>
    /// <param name="prior">Draws from the prior.</param>
    /// <param name="posterior">Draws from the posterior.</param>
    /// <param name="column">A column name or the address of a scalar choice, in both.</param>
    public static Plot PriorPosterior(Posterior prior, Posterior posterior, string column)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(column);
        return PriorPosterior(prior[column], posterior[column], column);
    }
}
