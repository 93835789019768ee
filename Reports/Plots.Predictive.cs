using System.Globalization;
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
        CheckReplicates(observed, replicates, nameof(PosteriorPredictive), sameLength: false);
        var plot = NewPlot("Posterior predictive check: densities", label, "density");
        for (int r = 0; r < replicates.Count; r++)
        {
            var (rx, ry) = new KernelDensity(replicates[r]).Grid();
            var line = plot.Add.ScatterLine(rx, ry, ChainColor(0).WithAlpha(0.25));
            if (r == 0) line.LegendText = "replicated";
        }
        var (x, y) = new KernelDensity(observed).Grid();
        var data = plot.Add.ScatterLine(x, y, Colors.Black);
        data.LineWidth = 2.5f;
        data.LegendText = "observed";
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// Posterior predictive intervals per observation (bayesplot's <c>ppc_intervals</c>): for each observation i, the
    /// median of the replicated ỹᵢ (a point) with its central 50% (thick) and 90% (thin) intervals, and the observed yᵢ
    /// (black). Observations outside their intervals are poorly predicted.
    /// </summary>
    /// <param name="observed">The observed data.</param>
    /// <param name="replicates">Replicated data sets ỹ ~ p(ỹ | y), each as long as the data.</param>
    /// <param name="xLabel">What the horizontal axis (the observation's index) is called.</param>
    public static Plot PosteriorPredictiveIntervals(IReadOnlyList<double> observed, IReadOnlyList<IReadOnlyList<double>> replicates, string xLabel = "observation")
    {
        CheckReplicates(observed, replicates, nameof(PosteriorPredictiveIntervals), sameLength: true);
        var plot = NewPlot("Posterior predictive intervals (50% and 90%)", xLabel, "y");
        IntegerTicks(plot.Axes.Bottom);
        int n = observed.Count;
        var column = new double[replicates.Count];
        var medians = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < replicates.Count; r++) column[r] = replicates[r][i];
            Array.Sort(column);
            double x = i + 1;
            var thin = plot.Add.Line(x, Quantile(column, 0.05), x, Quantile(column, 0.95));
            thin.LineWidth = 1.5f;
            thin.LineColor = ChainColor(0).WithAlpha(0.6);
            var thick = plot.Add.Line(x, Quantile(column, 0.25), x, Quantile(column, 0.75));
            thick.LineWidth = 4;
            thick.LineColor = ChainColor(0);
            medians[i] = Quantile(column, 0.5);
        }
        var xs = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        var med = plot.Add.ScatterPoints(xs, medians, ChainColor(0));
        med.MarkerSize = 5;
        med.LegendText = "replicated median, 50% and 90%";
        var data = plot.Add.ScatterPoints(xs, observed.ToArray(), Colors.Black);
        data.MarkerSize = 7;
        data.MarkerShape = MarkerShape.FilledDiamond;
        data.LegendText = "observed";
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// A posterior predictive test statistic (bayesplot's <c>ppc_stat</c>; Gelman et al., <i>BDA3</i>, §6.3): the
    /// histogram of T(ỹ) over the replicated data sets and T(y) of the data as a vertical line; the title gives the
    /// posterior predictive p-value P(T(ỹ) ≥ T(y)). A p-value near 0 or 1 means the model does not reproduce T.
    /// </summary>
    /// <param name="observed">The observed data.</param>
    /// <param name="replicates">Replicated data sets ỹ ~ p(ỹ | y).</param>
    /// <param name="statistic">The test statistic T (e.g. the mean, the sd, the maximum).</param>
    /// <param name="name">T's name for the title and axis (e.g. <c>max</c>).</param>
    public static Plot PosteriorPredictiveStatistic(IReadOnlyList<double> observed, IReadOnlyList<IReadOnlyList<double>> replicates, Func<IReadOnlyList<double>, double> statistic, string name)
    {
        CheckReplicates(observed, replicates, nameof(PosteriorPredictiveStatistic), sameLength: false);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        double t = statistic(observed);
        var replicated = replicates.Select(r => statistic(r)).ToArray();
        if (!double.IsFinite(t) || replicated.Any(v => !double.IsFinite(v)))
            throw new ArgumentException($"Plots.PosteriorPredictiveStatistic: the statistic '{name}' is not finite on the data or on a replicate.", nameof(statistic));
        double p = replicated.Count(v => v >= t) / (double)replicated.Length;
        var plot = WeightedHistogram(replicated, null, Math.Clamp(replicated.Length / 10, 10, 30),
            string.Format(CultureInfo.InvariantCulture, "Posterior predictive check: T = {0}, p = P(T(ỹ) ≥ T(y)) = {1}", name, NumberFormat.Significant(p, 2)), $"T = {name}");
        var line = plot.Add.VerticalLine(t, 2.5f, Colors.Black);
        line.LegendText = $"T(y) = {NumberFormat.Significant(t, 4)}";
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void CheckReplicates(IReadOnlyList<double> observed, IReadOnlyList<IReadOnlyList<double>> replicates, string caller, bool sameLength)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(replicates);
        if (observed.Count == 0) throw new ArgumentException($"Plots.{caller}: there are no observed data.", nameof(observed));
        if (replicates.Count == 0) throw new ArgumentException($"Plots.{caller}: there are no replicated data sets.", nameof(replicates));
        for (int r = 0; r < replicates.Count; r++)
        {
            if (replicates[r] is null || replicates[r].Count == 0) throw new ArgumentException($"Plots.{caller}: replicate {r} is null or empty.", nameof(replicates));
            if (sameLength && replicates[r].Count != observed.Count)
                throw new ArgumentException($"Plots.{caller}: replicate {r} has {replicates[r].Count} values but there are {observed.Count} observations.", nameof(replicates));
        }
    }
}
