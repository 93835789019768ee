using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

public static partial class Plots
{
    /// <summary>
    /// The NUTS energy plot (Betancourt 2016, arXiv:1604.00695, §4; ArviZ's <c>plot_energy</c>): the density of the
    /// centred marginal energy E − Ē and of the energy transitions ΔE = Eₙ − Eₙ₋₁, over all chains. When the
    /// transition density is much narrower than the marginal one (low E-BFMI) the sampler explores the tails poorly.
    /// </summary>
    /// <param name="posterior">Draws from HMC or NUTS, with per-draw statistics.</param>
    /// <exception cref="ArgumentException">The posterior has no sampler statistics (it is not from HMC/NUTS).</exception>
    public static Plot Energy(Posterior posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var statistics = posterior.Statistics
            ?? throw new ArgumentException($"Plots.Energy: the posterior (sampler {posterior.Sampler}) has no per-draw statistics; only HMC/NUTS record the energy.", nameof(posterior));
        var marginal = new List<double>();
        var transitions = new List<double>();
        foreach (var chain in statistics)
        {
            double mean = chain.Average(s => s.Energy);
            for (int d = 0; d < chain.Count; d++)
            {
                marginal.Add(chain[d].Energy - mean);
                if (d > 0) transitions.Add(chain[d].Energy - chain[d - 1].Energy);
            }
        }
        var plot = NewPlot("Energy", "energy (centred)", "density");
        var (mx, my) = new KernelDensity(marginal).Grid();
        var m = plot.Add.ScatterLine(mx, my, ChainColor(0));
        m.LineWidth = 2;
        m.LegendText = "marginal energy";
        if (transitions.Count > 0)
        {
            var (tx, ty) = new KernelDensity(transitions).Grid();
            var t = plot.Add.ScatterLine(tx, ty, ChainColor(1));
            t.LineWidth = 2;
            t.LegendText = "energy transition";
        }
        var bfmi = posterior.SamplerDiagnostics.EnergyBfmiPerChain;
        plot.Title($"Energy (E-BFMI {string.Join(", ", bfmi.Select(b => b.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
