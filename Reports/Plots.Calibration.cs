using ScottPlot;
using Probabilistic.Inference.Workflow;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The simulation-based calibration check as an ECDF difference plot (Talts et al. 2018, "Validating Bayesian
    /// inference algorithms with simulation-based calibration"; Säilynoja, Bürkner &amp; Vehtari 2022, §3): for each
    /// parameter, F̂(z) − z where F̂ is the empirical CDF of its ranks at zᵢ = i/(L + 1), with the grey simultaneous band
    /// of <see cref="EcdfBands"/> for uniform ranks. A calibrated inference stays inside the band; a ∪ shape means an
    /// over-dispersed posterior, ∩ an under-dispersed one, and a shift a biased one.
    /// </summary>
    /// <param name="ranks">Per parameter, its name and its rank in each of the simulations, each in 0 … <paramref name="maxRank"/>.</param>
    /// <param name="maxRank">The largest possible rank L (the number of posterior draws per simulation, after thinning).</param>
    /// <param name="alpha">One minus the band's simultaneous coverage (0.05).</param>
    /// <exception cref="ArgumentException">No parameters, parameters with different numbers of simulations, or a rank outside 0 … maxRank.</exception>
    public static Plot SbcEcdf(IReadOnlyList<(string Parameter, IReadOnlyList<int> Ranks)> ranks, int maxRank, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        if (ranks.Count == 0) throw new ArgumentException("Plots.SbcEcdf: no parameters.", nameof(ranks));
        if (maxRank < 1) throw new ArgumentOutOfRangeException(nameof(maxRank), maxRank, "Plots.SbcEcdf: the largest rank must be positive.");
        int n = ranks[0].Ranks?.Count ?? 0;
        foreach (var (name, r) in ranks)
        {
            if (r is null || r.Count != n || n == 0)
                throw new ArgumentException($"Plots.SbcEcdf: parameter '{name}' has {r?.Count ?? 0} ranks; every parameter needs the same positive number ({n}).", nameof(ranks));
            foreach (var v in r)
                if (v < 0 || v > maxRank) throw new ArgumentException($"Plots.SbcEcdf: parameter '{name}' has rank {v}, outside 0 … {maxRank}.", nameof(ranks));
        }
        var bands = new EcdfBands(n, maxRank, alpha);
        var plot = EcdfDifferenceFrame($"SBC: rank ECDF difference ({n} simulations, {100 * (1 - alpha):0.#}% simultaneous band)", "fractional rank", bands);
        for (int k = 0; k < ranks.Count; k++) AddEcdfDifference(plot, bands, ranks[k].Ranks, ranks[k].Parameter, ChainColor(k));
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The SBC ECDF difference plot of every quantity of an <see cref="Sbc"/> run (its ranks and bands).</summary>
    /// <param name="result">The SBC result.</param>
    /// <param name="parameters">The quantities to draw (all when null).</param>
    public static Plot SbcEcdf(SbcResult result, IReadOnlyList<string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var names = parameters ?? result.Parameters;
        return SbcEcdf(names.Select(p => (p, (IReadOnlyList<int>)result.Ranks(p))).ToArray(), result.MaxRank, result.Alpha);
    }

    /// <summary>
    /// The LOO probability integral transform check (Gabry et al. 2019, §5; Säilynoja et al. 2022): the ECDF difference
    /// F̂(u) − u of the LOO-PIT values uᵢ = P(ỹᵢ ≤ yᵢ | y₋ᵢ), with the simultaneous band for uniform values (the values
    /// binned into K = min(n, 100) equal cells, uniform ranks on 0 … K − 1 when the PIT is uniform). A calibrated
    /// predictive distribution stays inside; ∪ means under-dispersed predictions (too narrow), ∩ over-dispersed ones.
    /// </summary>
    /// <param name="pit">The LOO-PIT value of each observation, in [0, 1].</param>
    /// <param name="alpha">One minus the band's simultaneous coverage (0.05).</param>
    public static Plot LooPit(IReadOnlyList<double> pit, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(pit);
        if (pit.Count == 0) throw new ArgumentException("Plots.LooPit: there are no PIT values.", nameof(pit));
        for (int i = 0; i < pit.Count; i++)
            if (!(pit[i] >= 0 && pit[i] <= 1)) throw new ArgumentException($"Plots.LooPit: PIT value {i} is {pit[i]}, outside [0, 1].", nameof(pit));
        int cells = Math.Clamp(pit.Count, 2, 100);
        var ranks = pit.Select(u => Math.Min(cells - 1, (int)Math.Floor(u * cells))).ToArray();
        var bands = new EcdfBands(pit.Count, cells - 1, alpha);
        var plot = EcdfDifferenceFrame($"LOO-PIT: ECDF difference ({pit.Count} observations, {100 * (1 - alpha):0.#}% simultaneous band)", "PIT value", bands);
        AddEcdfDifference(plot, bands, ranks, "LOO-PIT", ChainColor(0));
        return plot;
    }

    /// <summary>The LOO-PIT check of a PSIS-LOO result and the posterior predictive replicates made from the same draws (<see cref="Loo.Pit"/>).</summary>
    /// <param name="loo">The PSIS-LOO result.</param>
    /// <param name="replicates">One replicate per posterior draw, in the draws' order.</param>
    /// <param name="alpha">One minus the band's simultaneous coverage (0.05).</param>
    public static Plot LooPit(LooResult loo, PredictiveSample replicates, double alpha = 0.05) => LooPit(Loo.Pit(loo, replicates), alpha);

    private static Plot EcdfDifferenceFrame(string title, string xLabel, EcdfBands bands)
    {
        var plot = NewPlot(title, xLabel, "ECDF − uniform CDF");
        double[] z = [0, .. bands.Points, 1];
        double[] lower = [0, .. bands.Lower.Select((l, i) => l - bands.Points[i]), 0];
        double[] upper = [0, .. bands.Upper.Select((u, i) => u - bands.Points[i]), 0];
        var fill = plot.Add.FillY(z, upper, lower);
        fill.FillColor = Colors.Gray.WithAlpha(0.3);
        fill.LineWidth = 0;
        fill.LegendText = $"{100 * (1 - bands.Alpha):0.#}% band";
        plot.Add.HorizontalLine(0, 1, Colors.Black, LinePattern.Dashed);
        plot.Axes.SetLimitsX(0, 1);
        return plot;
    }

    private static void AddEcdfDifference(Plot plot, EcdfBands bands, IReadOnlyList<int> ranks, string label, Color color)
    {
        var f = bands.Ecdf(ranks);
        double[] z = [0, .. bands.Points, 1];
        double[] d = [0, .. f.Select((v, i) => v - bands.Points[i]), 0];
        var line = plot.Add.ScatterLine(z, d, color);
        line.LineWidth = 2;
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        int outside = Enumerable.Range(0, f.Length).Count(i => f[i] < bands.Lower[i] || f[i] > bands.Upper[i]);
        line.LegendText = outside > 0 ? $"{label} (outside at {outside} points)" : label;
    }
}
