using ScottPlot;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The Pareto k̂ diagnostic of PSIS-LOO per observation (Vehtari, Gelman &amp; Gabry 2017, "Practical Bayesian model
    /// evaluation using leave-one-out cross-validation and WAIC"; Vehtari et al. 2024, "Pareto smoothed importance
    /// sampling", §3; ArviZ's <c>plot_khat</c>): k̂ᵢ against the observation's index, with the threshold
    /// min(1 − 1/log₁₀ S, 0.7) above which the LOO estimate of that observation is unreliable (dashed) and 1 (solid).
    /// Observations above the threshold are red.
    /// </summary>
    /// <param name="paretoK">k̂ of each observation.</param>
    /// <param name="draws">The number of posterior draws S behind the estimates (for the threshold; 0 to use 0.7).</param>
    public static Plot ParetoK(IReadOnlyList<double> paretoK, int draws = 0)
    {
        ArgumentNullException.ThrowIfNull(paretoK);
        if (paretoK.Count == 0) throw new ArgumentException("Plots.ParetoK: there are no k̂ values.", nameof(paretoK));
        if (draws < 0) throw new ArgumentOutOfRangeException(nameof(draws), draws, "Plots.ParetoK: the number of draws must not be negative.");
        double threshold = draws > 10 ? Math.Min(1 - 1 / Math.Log10(draws), 0.7) : 0.7;
        var index = Enumerable.Range(1, paretoK.Count).Select(i => (double)i).ToArray();
        var k = paretoK.ToArray();
        var good = Enumerable.Range(0, k.Length).Where(i => double.IsFinite(k[i]) && k[i] <= threshold).ToArray();
        var bad = Enumerable.Range(0, k.Length).Where(i => double.IsFinite(k[i]) && k[i] > threshold).ToArray();
        var plot = NewPlot(bad.Length > 0 ? $"PSIS-LOO Pareto k̂ ({bad.Length} of {k.Length} above {threshold:0.##})" : $"PSIS-LOO Pareto k̂ (all {k.Length} at most {threshold:0.##})", "observation", "Pareto k̂");
        IntegerTicks(plot.Axes.Bottom);
        var ok = plot.Add.ScatterPoints(good.Select(i => index[i]).ToArray(), good.Select(i => k[i]).ToArray(), ChainColor(0));
        ok.MarkerSize = 6;
        ok.LegendText = "k̂";
        if (bad.Length > 0)
        {
            var marks = plot.Add.ScatterPoints(bad.Select(i => index[i]).ToArray(), bad.Select(i => k[i]).ToArray(), DivergenceColor);
            marks.MarkerSize = 8;
            marks.LegendText = "unreliable";
        }
        var line = plot.Add.HorizontalLine(threshold, 1.5f, Colors.Black, LinePattern.Dashed);
        line.LegendText = $"{threshold:0.##}";
        plot.Add.HorizontalLine(1, 1, Colors.Black);
        double top = Math.Max(1.05, k.Where(double.IsFinite).DefaultIfEmpty(0).Max() + 0.05);
        double bottom = Math.Min(-0.05, k.Where(double.IsFinite).DefaultIfEmpty(0).Min() - 0.05);
        plot.Axes.SetLimits(0, k.Length + 1, bottom, top);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
