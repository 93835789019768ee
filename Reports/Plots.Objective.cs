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
    /// <param name="window">The moving average's window (50 by default; shortened at the start).</param>
    public static Plot Objective(VariationalFit fit, int window = 50)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Objective(fit.History, fit.Objective, window);
    }

    /// <summary>
    /// The objective curve of any optimizer's history (a tensor fit's, say): each step's estimate in light colour and its
    /// moving average over <paramref name="window"/> steps in a thick line, titled by <paramref name="objective"/>. The
    /// vertical axis spans the moving average and the estimates after the first tenth of the steps, so that the large
    /// values of the first steps do not flatten the rest of the curve; the first steps' values beyond it are said in
    /// the axis label.
    /// </summary>
    /// <param name="history">The objective estimate at each step (non-finite values are skipped).</param>
    /// <param name="objective">The objective's name (e.g. <c>ELBO</c>), for the title.</param>
    /// <param name="window">The moving average's window (50 by default; shortened at the start).</param>
    public static Plot Objective(IReadOnlyList<double> history, string objective, int window = 50)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(objective);
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "Plots.Objective: the window must be positive.");
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
        var settled = ys.Skip(ys.Length / 10).Concat(smooth.Skip(ys.Length / 10)).ToArray();
        double lo = settled.Min(), hi = settled.Max(), pad = Math.Max(hi - lo, 1e-9 * Math.Max(1, Math.Abs(hi))) * 0.08;
        plot.Axes.SetLimits(0, xs[^1] + 1, lo - pad, hi + pad);
        if (ys.Min() < lo - pad || ys.Max() > hi + pad)
            plot.YLabel($"objective estimate (first steps from {SummaryHtml.Number(ys.Min())} to {SummaryHtml.Number(ys.Max())})");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
