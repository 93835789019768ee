using System.Globalization;
using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Probabilistic.Reports;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Bayesian linear regression fitted by stochastic variational inference: an AutoNormal guide trained on the ELBO,
/// and on a user-written objective (the Rényi variational bound, defined below without touching the library),
/// both compared with NUTS.
/// </summary>
public sealed class VariationalRegression : IExample
{
    /// <inheritdoc />
    public string Name => "vi";

    /// <inheritdoc />
    public string Description => "Linear regression by SVI (AutoNormal; ELBO and a user-defined Rényi bound) against NUTS";

    /// <summary>
    /// The variational Rényi bound L_α = 1/(1 − α) · log (1/K) Σₖ (p(x, zₖ)/q(zₖ))^(1−α) (Li &amp; Turner 2016, "Rényi
    /// divergence variational inference"): α → 1 gives the ELBO, α = 0 the IWELBO. Written here, as a user would, from
    /// the objective constructs: draws, log joints, log q, and the score-function terms — generic over the differentiable
    /// scalar, so the same record runs on the scalar tape and on the tensor backend.
    /// </summary>
    public sealed record RenyiBound(double Alpha, int K) : Objective
    {
        /// <inheritdoc />
        public override string Name => string.Format(CultureInfo.InvariantCulture, "VR(α = {0}, K = {1})", Alpha, K);

        /// <inheritdoc />
        public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
        {
            var draws = new GuideDraw<TScalar>[K];
            var terms = new TScalar[K];
            for (int k = 0; k < K; k++)
            {
                draws[k] = context.Draw();
                terms[k] = (1 - Alpha) * (context.LogJoint(draws[k]) - draws[k].LogQ);
            }
            var f = (TScalar.LogSumExp(terms) - Math.Log(K)) / (1 - Alpha);
            var surrogate = f;
            foreach (var d in draws) surrogate += context.ScoreTerms(d, f.Detach());
            return (surrogate, f.Value);
        }
    }

    /// <summary>Simulated data: N rows of K standard-normal covariates, β = (1.5, −2, 0.5), σ = 0.8.</summary>
    public static (double[,] X, double[] Y) Simulate(int n, ulong seed)
    {
        var rng = new Rng(seed);
        double[] beta = [1.5, -2, 0.5];
        var x = new double[n, beta.Length];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double mean = 0;
            for (int k = 0; k < beta.Length; k++)
            {
                x[i, k] = rng.NextGaussian();
                mean += x[i, k] * beta[k];
            }
            y[i] = mean + 0.8 * rng.NextGaussian();
        }
        return (x, y);
    }

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var (x, y) = Simulate(100, options.Seed);
        var model = LinearRegressionModel.Model(x, y, 10, new Exponential(1));
        int steps = options.Quick ? 1500 : 5000;
        IOptimizer Optimizer() => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / steps)));
        VariationalFit Fit(string task, Objective? objective) =>
            LiveProgress.Run<SviProgress, VariationalFit>(options, [task], p => (0, (double)p.Step / p.Total), progress =>
                Infer.Svi(model, AutoNormal.Create(model), options: new SviOptions { Steps = steps, Seed = options.Seed, Objective = objective ?? new Elbo(), Optimizer = Optimizer }, progress: progress));
        var elbo = Fit("SVI (ELBO)", null);
        var renyi = Fit("SVI (Rényi bound)", new RenyiBound(0.5, 5));
        var nuts = McmcProgressBars.Run(options, 2, progress => Infer.Nuts(model, options: new NutsOptions { Chains = 2, Warmup = 500, Draws = 1000, Seed = options.Seed }, progress: progress));
        var fromElbo = elbo.Sample(4000, options.Seed);
        var fromRenyi = renyi.Sample(4000, options.Seed);

        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            "# Linear regression: SVI with AutoNormal against NUTS",
            "",
            string.Format(inv, "{0} steps of Adam; final ELBO estimate (mean of the last 100) {1:F3}, Rényi bound {2:F3}.", steps, elbo.History.TakeLast(100).Average(), renyi.History.TakeLast(100).Average()),
            "",
            "| parameter | NUTS mean (sd) | SVI, ELBO | SVI, Rényi α = 0.5, K = 5 |",
            "|---|---|---|---|",
        };
        foreach (var name in new[] { "beta[1]", "beta[2]", "beta[3]", "sigma" })
        {
            string Cell(Posterior p) => string.Format(inv, "{0:F3} ({1:F3})", p[name].Average(), Sd(p[name]));
            lines.Add($"| {name} | {Cell(nuts)} | {Cell(fromElbo)} | {Cell(fromRenyi)} |");
        }
        var report = new GalleryReport(options, new Report("Linear regression: SVI with AutoNormal against NUTS"));
        report.Report.AddParagraph(lines[2]).AddTable(["parameter", "NUTS mean (sd)", "SVI, ELBO", "SVI, Rényi α = 0.5, K = 5"],
            lines.Skip(6).Select(l => (IReadOnlyList<string>)l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()));
        report.AddPlot("objective_elbo", "the ELBO estimate per step", Plots.Objective(elbo))
            .AddPlot("objective_renyi", "the Rényi bound estimate per step", Plots.Objective(renyi))
            .AddPlot("forest_elbo", "SVI (ELBO) guide: medians and intervals", Titled(Plots.Forest(fromElbo, interval: ForestInterval.Hdi), "SVI (ELBO) guide: medians, 50% and 90% HDIs"))
            .AddPlot("forest_nuts", "NUTS: medians and intervals", Titled(Plots.Forest(nuts, interval: ForestInterval.Hdi), "NUTS: medians, 50% and 90% HDIs"));
        var path = report.Write();
        foreach (var l in lines.Skip(2)) output.WriteLine(l);
        if (!options.Quiet) output.WriteLine($"report: {path}");
    }

    private static ScottPlot.Plot Titled(ScottPlot.Plot plot, string title)
    {
        plot.Title(title);
        return plot;
    }

    private static double Sd(double[] v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }
}
