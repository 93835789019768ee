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
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "Plots.Objective: the window must be positive.");
        var history = fit.History.ToArray();
        if (history.Length == 0) throw new ArgumentException("Plots.Objective: the fit has no history.", nameof(fit));
        var plot = NewPlot($"Objective: {fit.Objective}", "step", "objective estimate");
        var xs = Enumerable.Range(1, history.Length).Select(i => (double)i).ToArray();
        var finite = Enumerable.Range(0, history.Length).Where(i => double.IsFinite(history[i])).ToArray();
        var raw = plot.Add.ScatterLine(finite.Select(i => xs[i]).ToArray(), finite.Select(i => history[i]).ToArray(), ChainColor(0).WithAlpha(0.3));
        raw.LegendText = "estimate";
        var smooth = new double[finite.Length];
        double sum = 0;
        for (int k = 0; k < finite.Length; k++)
        {
            sum += history[finite[k]];
            if (k >= window) sum -= history[finite[k - window]];
            smooth[k] = sum / Math.Min(k + 1, window);
        }
        var avg = plot.Add.ScatterLine(finite.Select(i => xs[i]).ToArray(), smooth, ChainColor(0));
        avg.LineWidth = 2;
        avg.LegendText = $"moving average ({window})";
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
