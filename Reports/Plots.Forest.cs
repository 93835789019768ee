using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The forest plot: per column, from the top, the median (a point), the central interval of probability
    /// <paramref name="inner"/> (thick) and of probability <paramref name="outer"/> (thin), as bayesplot's
    /// <c>mcmc_intervals</c>.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="columns">The columns to show (all of them when null).</param>
    /// <param name="inner">The probability of the thick interval (0.5).</param>
    /// <param name="outer">The probability of the thin interval (0.9).</param>
    public static Plot Forest(Posterior posterior, IReadOnlyList<string>? columns = null, double inner = 0.5, double outer = 0.9)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        if (!(inner > 0 && inner < outer && outer < 1))
            throw new ArgumentOutOfRangeException(nameof(inner), $"Plots.Forest: need 0 < inner < outer < 1; got inner {inner}, outer {outer}.");
        var names = columns ?? posterior.Columns.Select(c => c.Name).ToArray();
        if (names.Count == 0) throw new ArgumentException("Plots.Forest: no columns to show.", nameof(columns));
        var plot = NewPlot($"Medians with {100 * inner:0.#}% and {100 * outer:0.#}% intervals", "value", "");
        var positions = new double[names.Count];
        for (int k = 0; k < names.Count; k++)
        {
            var draws = posterior[names[k]];
            Array.Sort(draws);
            double y = names.Count - 1 - k;
            positions[k] = y;
            var thin = plot.Add.Line(Quantile(draws, (1 - outer) / 2), y, Quantile(draws, (1 + outer) / 2), y);
            thin.LineWidth = 1.5f;
            thin.LineColor = ChainColor(0);
            var thick = plot.Add.Line(Quantile(draws, (1 - inner) / 2), y, Quantile(draws, (1 + inner) / 2), y);
            thick.LineWidth = 5;
            thick.LineColor = ChainColor(0);
            plot.Add.Marker(Quantile(draws, 0.5), y, MarkerShape.FilledCircle, 9, Colors.Black);
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, names.ToArray());
        plot.Axes.SetLimitsY(-0.7, names.Count - 0.3);
        return plot;
    }

    /// <summary>The sample quantile (R's type 7) of sorted draws.</summary>
    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
