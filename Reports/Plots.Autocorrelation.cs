using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The autocorrelation of one column per chain up to <paramref name="maxLag"/> (ArviZ's <c>plot_autocorr</c>,
    /// bayesplot's <c>mcmc_acf</c>): ρ̂ₜ = γ̂ₜ/γ̂₀ with the biased autocovariance γ̂ₜ = (1/n) Σ (xᵢ − x̄)(xᵢ₊ₜ − x̄)
    /// (Geyer 1992), one line per chain. Slowly decaying autocorrelation means few effective draws.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="column">A column name or the address of a scalar choice.</param>
    /// <param name="maxLag">The largest lag (100 by default; at most draws − 1).</param>
    public static Plot Autocorrelation(Posterior posterior, string column, int maxLag = 100)
    {
        if (maxLag < 1) throw new ArgumentOutOfRangeException(nameof(maxLag), maxLag, "Plots.Autocorrelation: the largest lag must be positive.");
        var chains = ChainsOf(posterior, column);
        int lags = Math.Min(maxLag, posterior.Draws - 1);
        var plot = NewPlot($"Autocorrelation of {column}", "lag", "autocorrelation");
        IntegerTicks(plot.Axes.Bottom);
        var x = Enumerable.Range(0, lags + 1).Select(t => (double)t).ToArray();
        for (int c = 0; c < chains.Length; c++)
        {
            var line = plot.Add.ScatterLine(x, AutocorrelationOf(chains[c], lags), ChainColor(c));
            line.LineWidth = 1.5f;
            line.LegendText = $"chain {c + 1}";
        }
        plot.Add.HorizontalLine(0, 1, Colors.Black, LinePattern.Dashed);
        plot.Axes.SetLimits(0, Math.Max(1, lags), -0.25, 1.05);
        if (chains.Length > 1) plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>ρ̂ₜ for t = 0 … <paramref name="lags"/>; ρ̂₀ = 1 and the rest 0 for a constant chain.</summary>
    internal static double[] AutocorrelationOf(double[] x, int lags)
    {
        int n = x.Length;
        double mean = x.Average();
        var rho = new double[lags + 1];
        double gamma0 = 0;
        for (int i = 0; i < n; i++) gamma0 += (x[i] - mean) * (x[i] - mean);
        rho[0] = 1;
        if (gamma0 == 0) return rho;
        for (int t = 1; t <= lags; t++)
        {
            double s = 0;
            for (int i = 0; i + t < n; i++) s += (x[i] - mean) * (x[i + t] - mean);
            rho[t] = s / gamma0;
        }
        return rho;
    }
}
