using Probabilistic.Compilation;
using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Reports;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// A change-point model for counts (after the coal-mining disasters model of Carlin, Gelfand &amp; Smith 1992): the
/// switch point τ ~ DiscreteUniform(0, N − 1), rates λ₁, λ₂ ~ Exponential(0.5), yᵢ ~ Poisson(i &lt; τ ? λ₁ : λ₂), on
/// simulated counts that switch from rate 3 to rate 1. Solved by NUTS with enumeration: τ summed out of the density
/// (one branch per value), (λ₁, λ₂) sampled on that exact marginal and τ drawn afterwards per draw; compared by min-ESS/s
/// with Gibbs (τ from its exact conditional, then a NUTS transition).
/// </summary>
public sealed class ChangePoint : IExample
{
    /// <summary>The true switch point of the simulated data is this fraction of the series.</summary>
    public const double TrueSwitchFraction = 0.4;

    /// <inheritdoc />
    public string Name => "changepoint";

    /// <inheritdoc />
    public string Description => "Poisson counts with one change point: NUTS with the switch point enumerated, against Gibbs (min-ESS/s)";

    /// <summary>The model; returns τ.</summary>
    [Compiled]
    public static Model<int> Model(int[] counts) =>
        from tau in Sample("tau", DiscreteUniform(0, counts.Length - 1))
        from early in Sample("early_rate", Exponential(0.5))
        from late in Sample("late_rate", Exponential(0.5))
        from _ in ObserveEach(counts, (c, i) => Poisson(i < tau ? early : late))
        select tau;

    /// <summary><paramref name="n"/> counts, Poisson(3) before n·<see cref="TrueSwitchFraction"/> and Poisson(1) after.</summary>
    public static int[] Simulate(int n, ulong seed)
    {
        var rng = new Rng(seed);
        int change = (int)(n * TrueSwitchFraction);
        return Enumerable.Range(0, n).Select(i => Poisson(i < change ? 3.0 : 1.0).Sample(rng)).ToArray();
    }

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        int n = options.Quick ? 40 : 100;
        var counts = Simulate(n, options.Seed);
        var nuts = new NutsOptions { Chains = 2, Warmup = options.Quick ? 150 : 500, Draws = options.Quick ? 150 : 1000, Seed = options.Seed };
        var model = Model(counts);
        var (posterior, seconds) = SamplerComparison.Timed(() => McmcProgressBars.Run(options, nuts.Chains, progress => Infer.Nuts(model, options: nuts, progress: progress)));
        var (gibbs, gibbsSeconds) = SamplerComparison.Timed(() => McmcProgressBars.Run(options, nuts.Chains, progress => Infer.Gibbs(model, options: new GibbsOptions { Chains = nuts.Chains, Warmup = nuts.Warmup, Draws = nuts.Draws, Seed = nuts.Seed }, progress: progress)));
        var comparison = new SamplerComparison("NUTS with enumeration", posterior, seconds, "Gibbs", gibbs, gibbsSeconds, ["early_rate", "late_rate"]);

        var inv = CultureInfo.InvariantCulture;
        var tau = posterior["tau"];
        int mode = (int)tau.GroupBy(t => t).OrderByDescending(g => g.Count()).First().Key;
        var report = new GalleryReport(options, Report.For(posterior, $"Change point in {n} Poisson counts: NUTS with enumeration", vars: ["tau", "early_rate", "late_rate"]));
        report.Report.AddParagraph(string.Format(inv, "Simulated: rate 3 before index {0}, rate 1 from it on. Posterior mode of tau: {1}. " +
            "tau is summed out of the density and drawn from its conditional after each draw.", (int)(n * TrueSwitchFraction), mode));
        report.Report.AddParagraph($"Against Gibbs on the same model and settings: {comparison}.");
        var data = new ScottPlot.Plot();
        data.Add.Bars(counts.Select(c => (double)c).ToArray());
        var tauDensity = Enumerable.Range(0, n).Select(t => tau.Count(v => v == t) / (double)tau.Length).ToArray();
        double scale = counts.Max() / Math.Max(tauDensity.Max(), 1e-9);
        var line = data.Add.ScatterLine(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), tauDensity.Select(p => p * scale).ToArray(), Plots.ChainColor(3));
        line.LineWidth = 2;
        line.LegendText = "P(tau | y), scaled";
        data.Title("Counts and the posterior of the change point");
        data.XLabel("index");
        data.YLabel("count");
        data.ShowLegend(ScottPlot.Alignment.UpperRight);
        report.AddPlot("data_and_tau", "the counts, with the posterior of tau", data)
            .AddPlot("pair_rates", "late rate against early rate", Plots.Pair(posterior, "early_rate", "late_rate"));
        report.SavePosteriorPlots(posterior, ["early_rate", "late_rate"]);
        var path = report.Write();

        var summary = posterior.Summary();
        output.WriteLine(string.Format(inv, "change point: posterior mode tau = {0} (true {1}); early rate {2:F2}, late rate {3:F2}",
            mode, (int)(n * TrueSwitchFraction), summary["early_rate"].Mean, summary["late_rate"].Mean));
        output.WriteLine(comparison);
        if (!options.Quiet) output.WriteLine($"{summary}{Environment.NewLine}report: {path}");
    }
}
