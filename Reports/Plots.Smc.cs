using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The effective sample size before resampling at each SMC step, with the steps that resampled marked; the dashed
    /// line is <paramref name="particles"/> when given.
    /// </summary>
    /// <param name="steps">The steps, e.g. <see cref="SmcRecorder.Steps"/>.</param>
    /// <param name="particles">The number of particles, for the reference line (0 for none).</param>
    public static Plot EffectiveSampleSize(IReadOnlyList<SmcProgress> steps, int particles = 0)
    {
        CheckSteps(steps);
        var plot = NewPlot("Effective sample size before resampling, per step", "step", "ESS");
        IntegerTicks(plot.Axes.Bottom);
        double[] x = steps.Select(s => (double)s.Step).ToArray(), y = steps.Select(s => s.EffectiveSampleSize).ToArray();
        var line = plot.Add.ScatterLine(x, y, ChainColor(0));
        line.LegendText = "ESS";
        var resampled = Enumerable.Range(0, steps.Count).Where(i => steps[i].Resampled).ToArray();
        if (resampled.Length > 0)
        {
            var marks = plot.Add.Markers(resampled.Select(i => x[i]).ToArray(), resampled.Select(i => y[i]).ToArray(), MarkerShape.OpenCircle, 6, ChainColor(3));
            marks.LegendText = "resampled";
        }
        if (particles > 0) plot.Add.HorizontalLine(particles, 1, Colors.Black, LinePattern.Dashed);
        plot.Axes.SetLimitsY(0, Math.Max(particles, y.Max()) * 1.05);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    /// <summary>The running log-evidence estimate log Ẑ after each SMC step; <paramref name="exact"/> (a dashed line) when known.</summary>
    /// <param name="steps">The steps, e.g. <see cref="SmcRecorder.Steps"/>.</param>
    /// <param name="exact">The exact final log evidence, or NaN.</param>
    public static Plot LogEvidence(IReadOnlyList<SmcProgress> steps, double exact = double.NaN)
    {
        CheckSteps(steps);
        var plot = NewPlot("Log evidence per step", "step", "log Ẑ");
        IntegerTicks(plot.Axes.Bottom);
        var line = plot.Add.ScatterLine(steps.Select(s => (double)s.Step).ToArray(), steps.Select(s => s.LogEvidence).ToArray(), ChainColor(0));
        line.LineWidth = 2;
        line.LegendText = "SMC estimate";
        if (double.IsFinite(exact))
        {
            var h = plot.Add.HorizontalLine(exact, 1, Colors.Black, LinePattern.Dashed);
            h.LegendText = "exact";
            plot.ShowLegend(Alignment.UpperRight);
        }
        return plot;
    }

    private static void CheckSteps(IReadOnlyList<SmcProgress> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0) throw new ArgumentException("Plots: there are no SMC steps (pass an SmcRecorder as the algorithm's progress).", nameof(steps));
    }
}
