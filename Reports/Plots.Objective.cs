using ScottPlot;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The objective curve of a variational fit: each step's (noisy) estimate in light colour and its moving average
    /// over <paramref name="window"/> steps in a thick line.
    /// </summary>
    /// <param name="fit">The fit.</param>
    /// <param name="window">The moving average's window (shortened at the start); 0 for a twentieth of the steps, at most 50.</param>
    public static Plot Objective(VariationalFit fit, int window = 0)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Objective(fit.History, fit.Objective, window);
    }

    /// <summary>
    /// The objective curve of any optimizer's history (a tensor fit's, say): each step's estimate in light colour and its
    /// moving average over <paramref name="window"/> steps in a thick line, titled by <paramref name="objective"/>. Every
    /// finite estimate is inside the axes (none is clipped).
    /// </summary>
    /// <param name="history">The objective estimate at each step (non-finite values are skipped).</param>
    /// <param name="objective">The objective's name (e.g. <c>ELBO</c>), for the title.</param>
    /// <param name="window">The moving average's window (shortened at the start); 0 for a twentieth of the steps, at most 50.</param>
    public static Plot Objective(IReadOnlyList<double> history, string objective, int window = 0)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(objective);
        if (window < 0) throw new ArgumentOutOfRangeException(nameof(window), window, "Plots.Objective: the window must not be negative (0 chooses it).");
        if (window == 0) window = Math.Clamp(history.Count / 20, 1, 50);
        if (history.Count == 0) throw new ArgumentException("Plots.Objective: the history is empty.", nameof(history));
        var finite = Enumerable.Range(0, history.Count).Where(i => double.IsFinite(history[i])).ToArray();
        if (finite.Length == 0) throw new ArgumentException("Plots.Objective: no step has a finite objective value.", nameof(history));
        var plot = NewPlot($"Objective: {objective}", "step", "objective estimate");
        IntegerTicks(plot.Axes.Bottom);
        var xs = finite.Select(i => (double)(i + 1)).ToArray();
        var ys = finite.Select(i => history[i]).ToArray();
        var raw = plot.Add.ScatterLine(xs, ys, ChainColor(0).WithAlpha(0.3));
        raw.LegendText = "estimate";
        var smooth = new double[ys.Length];
        double sum = 0;
        for (int k = 0; k < ys.Length; k++)
        {
            sum += ys[k];
            if (k >= window) sum -= ys[k - window];
            smooth[k] = sum / Math.Min(k + 1, window);
        }
        var avg = plot.Add.ScatterLine(xs, smooth, ChainColor(0));
        avg.LineWidth = 2;
        avg.LegendText = $"moving average ({window})";
        double lo = ys.Min(), hi = ys.Max(), pad = Math.Max(hi - lo, 1e-9 * Math.Max(1, Math.Abs(hi))) * 0.05;
        plot.Axes.SetLimits(0, xs[^1] + 1, lo - pad, hi + pad);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
