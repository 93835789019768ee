using System.Globalization;
using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Reports;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Bayesian linear regression on the project's <c>linreg_N100</c> data set (β ~ Normal(0, 10), σ ~ Exponential(1)),
/// by NUTS and by SVI with an AutoNormal guide on the ELBO: both summaries, the objective curve, and a posterior
/// predictive check of the NUTS fit against the data.
/// </summary>
public sealed class LinearRegression : IExample
{
    /// <inheritdoc />
    public string Name => "linreg";

    /// <inheritdoc />
    public string Description => "Linear regression on linreg_N100: NUTS and SVI (AutoNormal), posterior predictive check";

    /// <summary>The data: the repository's <c>data/linreg_N100.json</c>, and where it came from.</summary>
    /// <exception cref="ExampleInputException">The data file is missing.</exception>
    public static (double[,] X, double[] Y, string Source) Data()
    {
        var json = DataFile.Json("linreg_N100.json");
        var rows = json.GetProperty("X").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var y = json.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return (LinearRegressionModel.ToMatrix(rows), y, "data/linreg_N100.json");
    }

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var (x, y, source) = Data();
        var model = LinearRegressionModel.Model(x, y, 10, new Exponential(1));
        var nutsOptions = new NutsOptions { Chains = 4, Warmup = options.Quick ? 200 : 1000, Draws = options.Quick ? 200 : 1000, Seed = options.Seed };
        var nuts = McmcProgressBars.Run(options, nutsOptions.Chains, progress => Infer.Nuts(model, options: nutsOptions, progress: progress));
        int steps = options.Quick ? 1000 : 5000;
        var fit = LiveProgress.Run<SviProgress, VariationalFit>(options, ["SVI (ELBO)"], p => (0, (double)p.Step / p.Total), progress =>
            Infer.Svi(model, AutoNormal.Create(model), options: new SviOptions
            {
                Steps = steps, Seed = options.Seed,
                Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / steps))),
            }, progress: progress));
        var vi = fit.Sample(options.Quick ? 1000 : 4000, options.Seed);

        var inv = CultureInfo.InvariantCulture;
        var report = new GalleryReport(options, Report.For(nuts, "Linear regression (linreg_N100): NUTS and SVI", vars: ["beta[1]", "beta[2]", "beta[3]", "sigma"]));
        report.Report.AddParagraph($"Data: {source}, N = {y.Length}, K = {x.GetLength(1)}.");
        var lines = new List<string> { "| parameter | NUTS mean (sd) | SVI AutoNormal mean (sd) |", "|---|---|---|" };
        var rows = new List<IReadOnlyList<string>>();
        foreach (var name in new[] { "beta[1]", "beta[2]", "beta[3]", "sigma" })
        {
            string Cell(Posterior p) => string.Format(inv, "{0:F3} ({1:F3})", p.Summary()[name].Mean, p.Summary()[name].Sd);
            rows.Add([name, Cell(nuts), Cell(vi)]);
            lines.Add($"| {name} | {Cell(nuts)} | {Cell(vi)} |");
        }
        report.Report.AddHeading("NUTS against SVI").AddTable(["parameter", "NUTS mean (sd)", "SVI mean (sd)"], rows);
        report.AddPlot("objective", "SVI: the ELBO estimate per step", Plots.Objective(fit))
            .AddPlot("ppc", "posterior predictive check: replicated data sets (blue) and the data (black)", Plots.PosteriorPredictive(y, Replicates(nuts, x, 30, options.Seed), "y"))
            .AddPlot("ppc_sd", "posterior predictive check of the data's standard deviation", Plots.PosteriorPredictiveStatistic(y, Replicates(nuts, x, 200, options.Seed), StandardDeviation, "sd"));
        report.SavePosteriorPlots(nuts, ["beta[1]", "sigma"]);
        var path = report.Write();

        foreach (var l in lines) output.WriteLine(l);
        if (!options.Quiet) output.WriteLine($"data: {source}{Environment.NewLine}report: {path}");
    }

    private static double StandardDeviation(IReadOnlyList<double> v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }

    /// <summary><paramref name="count"/> replicated data sets ỹ = Xβ + σε from evenly spaced posterior draws of (β, σ).</summary>
    public static IReadOnlyList<IReadOnlyList<double>> Replicates(Posterior posterior, double[,] x, int count, ulong seed)
    {
        var rng = new Rng(seed);
        int n = x.GetLength(0), k = x.GetLength(1);
        var betas = Enumerable.Range(1, k).Select(j => posterior[$"beta[{j}]"]).ToArray();
        var sigma = posterior["sigma"];
        var result = new List<IReadOnlyList<double>>();
        for (int r = 0; r < count; r++)
        {
            int d = r * sigma.Length / count;
            var rep = new double[n];
            for (int i = 0; i < n; i++)
            {
                double mean = 0;
                for (int j = 0; j < k; j++) mean += x[i, j] * betas[j][d];
                rep[i] = mean + sigma[d] * rng.NextGaussian();
            }
            result.Add(rep);
        }
        return result;
    }
}
