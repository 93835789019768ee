using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

/// <summary>Which intervals a forest plot draws.</summary>
public enum ForestInterval
{
    /// <summary>Central (equal-tailed) intervals between quantiles, as bayesplot's <c>mcmc_intervals</c>.</summary>
    Central,

    /// <summary>Highest-density intervals, the shortest holding the probability, as ArviZ's <c>plot_forest</c>.</summary>
    Hdi,
}

public static partial class Plots
{
    /// <summary>
    /// The forest plot: per column, from the top, the median (a point), the interval of probability
    /// <paramref name="inner"/> (thick) and of probability <paramref name="outer"/> (thin); central intervals as
    /// bayesplot's <c>mcmc_intervals</c> or highest-density intervals (Chen &amp; Shao 1999) as ArviZ's
    /// <c>plot_forest</c>.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="columns">The columns to show (all of them when null).</param>
    /// <param name="inner">The probability of the thick interval (0.5).</param>
    /// <param name="outer">The probability of the thin interval (0.9).</param>
    /// <param name="interval">Central or highest-density intervals (central by default).</param>
    public static Plot Forest(Posterior posterior, IReadOnlyList<string>? columns = null, double inner = 0.5, double outer = 0.9, ForestInterval interval = ForestInterval.Central)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        if (!(inner > 0 && inner < outer && outer < 1))
            throw new ArgumentOutOfRangeException(nameof(inner), $"Plots.Forest: need 0 < inner < outer < 1; got inner {inner}, outer {outer}.");
        var names = columns ?? posterior.Columns.Select(c => c.Name).ToArray();
        if (names.Count == 0) throw new ArgumentException("Plots.Forest: no columns to show.", nameof(columns));
        string kind = interval == ForestInterval.Hdi ? "highest-density" : "central";
        var plot = NewPlot($"Medians with {100 * inner:0.#}% and {100 * outer:0.#}% {kind} intervals", "value", "");
        var positions = new double[names.Count];
        for (int k = 0; k < names.Count; k++)
        {
            var draws = posterior[names[k]];
            Array.Sort(draws);
            double y = names.Count - 1 - k;
            positions[k] = y;
            var (outerLo, outerHi) = Interval(draws, outer, interval);
            var (innerLo, innerHi) = Interval(draws, inner, interval);
            var thin = plot.Add.Line(outerLo, y, outerHi, y);
            thin.LineWidth = 1.5f;
            thin.LineColor = ChainColor(0);
            var thick = plot.Add.Line(innerLo, y, innerHi, y);
            thick.LineWidth = 5;
            thick.LineColor = ChainColor(0);
            plot.Add.Marker(Quantile(draws, 0.5), y, MarkerShape.FilledCircle, 9, Colors.Black);
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, names.ToArray());
        plot.Axes.SetLimitsY(-0.7, names.Count - 0.3);
        return plot;
    }

    private static (double Lower, double Upper) Interval(double[] sorted, double probability, ForestInterval interval) =>
        interval == ForestInterval.Hdi
            ? HighestDensity.Interval(sorted, probability)
            : (Quantile(sorted, (1 - probability) / 2), Quantile(sorted, (1 + probability) / 2));

    /// <summary>The sample quantile (R's type 7) of sorted draws.</summary>
    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
