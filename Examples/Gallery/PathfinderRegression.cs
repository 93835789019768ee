using System.Globalization;
using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Reports;
using ScottPlot;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Bayesian linear regression approximated by Pathfinder (Zhang, Carpenter, Gelman &amp; Vehtari 2022): a few hundred
/// L-BFGS and ELBO evaluations per path, against NUTS's posterior; then NUTS started from Pathfinder's draws and metric.
/// </summary>
public sealed class PathfinderRegression : IExample
{
    /// <inheritdoc />
    public string Name => "pathfinder";

    /// <inheritdoc />
    public string Description => "Linear regression by Pathfinder (multi-path, PSIS) against NUTS, and NUTS initialized by Pathfinder";

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var (x, y) = VariationalRegression.Simulate(100, options.Seed);
        var model = LinearRegressionModel.Model(x, y, 10, new Exponential(1));
        var pathfinder = Infer.Pathfinder(model, options: new PathfinderOptions { Seed = options.Seed });
        int warmup = options.Quick ? 200 : 1000, draws = options.Quick ? 300 : 1000;
        var nuts = McmcProgressBars.Run(options, 4, progress => Infer.Nuts(model, options: new NutsOptions { Chains = 4, Warmup = warmup, Draws = draws, Seed = options.Seed }, progress: progress));
        var started = McmcProgressBars.Run(options, 4, progress => Infer.Nuts(model, options: new NutsOptions
        {
            Chains = 4, Warmup = 150, Draws = draws, Seed = options.Seed, Pathfinder = PathfinderInit.Default,
        }, progress: progress));

        var inv = CultureInfo.InvariantCulture;
        var best = pathfinder.BestPath;
        var lines = new List<string>
        {
            string.Format(inv, "Pathfinder: {0} paths, {1} log-density/gradient evaluations, Pareto k̂ = {2:F2}; best path stopped at iterate {3} of {4} ({5}).",
                pathfinder.Paths.Count, pathfinder.GradientEvaluations, pathfinder.ParetoK, best.BestIteration, best.Trajectory.Count - 1, best.Termination),
            "",
            "| parameter | NUTS mean (sd) | Pathfinder mean (sd) | NUTS from Pathfinder, warmup 150 |",
            "|---|---|---|---|",
        };
        foreach (var name in new[] { "beta[1]", "beta[2]", "beta[3]", "sigma" })
        {
            string Cell(Posterior p) => string.Format(inv, "{0:F3} ({1:F3})", p[name].Average(), Sd(p[name]));
            lines.Add($"| {name} | {Cell(nuts)} | {Cell(pathfinder.Draws)} | {Cell(started)} |");
        }
        var report = new GalleryReport(options, new Report("Linear regression: Pathfinder against NUTS"));
        report.Report.AddParagraph(lines[0]).AddTable(["parameter", "NUTS mean (sd)", "Pathfinder mean (sd)", "NUTS from Pathfinder, warmup 150"],
            lines.Skip(4).Select(l => (IReadOnlyList<string>)l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()));
        report.AddPlot("pair_beta", "β₁ against β₂: NUTS's draws and Pathfinder's", Overlay(nuts, pathfinder.Draws, "beta[1]", "beta[2]"))
            .AddPlot("density_sigma", "σ: NUTS's posterior density and Pathfinder's approximation", Densities(nuts, pathfinder.Draws, "sigma"))
            .AddPlot("density_beta1", "β₁: NUTS's posterior density and Pathfinder's approximation", Densities(nuts, pathfinder.Draws, "beta[1]"));
        var path = report.Write();
        foreach (var l in lines) output.WriteLine(l);
        if (!options.Quiet) output.WriteLine($"report: {path}");
    }

    private static Plot Overlay(Posterior nuts, Posterior pathfinder, string xColumn, string yColumn)
    {
        var plot = new Plot();
        plot.Title($"{yColumn} against {xColumn}");
        plot.XLabel(xColumn);
        plot.YLabel(yColumn);
        var a = plot.Add.ScatterPoints(nuts[xColumn], nuts[yColumn], Plots.ChainColor(0).WithAlpha(0.3));
        a.MarkerSize = 3;
        a.LegendText = "NUTS";
        var b = plot.Add.ScatterPoints(pathfinder[xColumn], pathfinder[yColumn], Plots.ChainColor(1).WithAlpha(0.3));
        b.MarkerSize = 3;
        b.LegendText = "Pathfinder";
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static Plot Densities(Posterior nuts, Posterior pathfinder, string column)
    {
        var plot = new Plot();
        plot.Title($"Density of {column}");
        plot.XLabel(column);
        plot.YLabel("density");
        foreach (var (p, label, colour) in new[] { (nuts, "NUTS", 0), (pathfinder, "Pathfinder", 1) })
        {
            var (gx, gy) = new KernelDensity(p[column]).Grid();
            var line = plot.Add.ScatterLine(gx, gy, Plots.ChainColor(colour));
            line.LineWidth = 2;
            line.LegendText = label;
        }
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static double Sd(double[] v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }
}
