using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Inference.Workflow;
using Probabilistic.Reports;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Model comparison by PSIS-LOO (Vehtari, Gelman and Gabry 2017): a linear and a quadratic regression fitted by NUTS to
/// 40 points from a quadratic trend with one gross outlier. The report gives each model's elpd_loo, p_loo and looic
/// with standard errors, the paired elpd difference with its SE (loo_compare), WAIC beside them, the Pareto k̂ of every
/// observation (the outlier is flagged) and the LOO-PIT calibration check.
/// </summary>
public sealed class ModelComparison : IExample
{
    /// <inheritdoc />
    public string Name => "model-comparison";

    /// <inheritdoc />
    public string Description => "Linear vs quadratic regression by PSIS-LOO: elpd difference with SE, Pareto k-hat per observation, LOO-PIT";

    /// <summary>The data: x evenly spaced on [−2, 2], y = 1 + 0.5x + 0.8x² + N(0, 0.6) (seeded), and observation 30 moved up by 6.</summary>
    public static (double[] X, double[] Y) Data()
    {
        const int n = 40;
        var rng = new Rng(20261207);
        var x = Enumerable.Range(0, n).Select(i => -2 + 4.0 * i / (n - 1)).ToArray();
        var y = x.Select(xi => 1 + 0.5 * xi + 0.8 * xi * xi + 0.6 * rng.NextGaussian()).ToArray();
        y[30] += 6;
        return (x, y);
    }

    /// <summary>y ~ Normal(a + b·x (+ c·x² when <paramref name="quadratic"/>), σ), a, b, c ~ Normal(0, 5), σ ~ HalfNormal(2); observations at y/i.</summary>
    public static Model<Unit> Regression(double[] x, double[] y, bool quadratic) =>
        from a in Sample("a", Normal(0, 5))
        from b in Sample("b", Normal(0, 5))
        from c in quadratic ? Sample("c", Normal(0, 5)) : Return((Real)0.0)
        from sigma in Sample("sigma", HalfNormal(2))
        from _ in ObserveEach("y", y.Select(v => (Real)v).ToArray(), (yi, i) => Normal(a + b * x[i] + c * x[i] * x[i], sigma))
        select Unit.Value;

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var (x, y) = Data();
        var nuts = new NutsOptions { Chains = 4, Warmup = options.Quick ? 250 : 1000, Draws = options.Quick ? 250 : 1000, Seed = options.Seed };
        var fits = new List<(string Name, Posterior Posterior, LooResult Loo, WaicResult Waic, double[] Pit)>();
        foreach (var (name, quadratic) in new[] { ("linear", false), ("quadratic", true) })
        {
            var model = Regression(x, y, quadratic);
            var posterior = McmcProgressBars.Run(options, nuts.Chains, progress => Infer.Nuts(model, options: nuts, progress: progress));
            var logLik = posterior.LogLikelihood ?? throw new InvalidOperationException("NUTS kept no log-likelihood.");
            var loo = Loo.Compute(logLik);
            var pit = Loo.Pit(loo, Infer.Predictive(model, posterior, seed: options.Seed));
            fits.Add((name, posterior, loo, Waic.Compute(logLik), pit));
        }
        var comparison = Compare.Models(fits.Select(f => (f.Name, (ElpdEstimate)f.Loo)).ToArray());
        var waicComparison = Compare.Models(fits.Select(f => (f.Name, (ElpdEstimate)f.Waic)).ToArray());

        var report = new GalleryReport(options, new Report("Model comparison by PSIS-LOO: linear vs quadratic regression"));
        report.Report.AddParagraph(string.Format(inv,
            "{0} observations (x on [−2, 2], a quadratic trend, observation y/30 moved up by 6); each model fitted by NUTS, {1} chains × ({2} warmup + {3} draws), seed {4}. " +
            "elpd_loo is the expected log predictive density of a new observation estimated by Pareto-smoothed importance-sampling leave-one-out cross-validation; " +
            "elpd_diff is each model's elpd minus the best one's, with the standard error of the paired pointwise differences.",
            y.Length, nuts.Chains, nuts.Warmup, nuts.Draws, nuts.Seed));
        report.Report.AddHeading("Comparison (loo_compare)");
        report.Report.AddTable(["model", "elpd_diff", "se_diff", "elpd_loo", "se_elpd_loo", "p_loo", "se_p_loo", "looic", "se_looic"],
            comparison.Rows.Select(r => (IReadOnlyList<string>)[r.Name, F(r.ElpdDifference), F(r.DifferenceStandardError), F(r.Estimate.Elpd), F(r.Estimate.ElpdStandardError),
                F(r.Estimate.P), F(r.Estimate.PStandardError), F(r.Estimate.InformationCriterion), F(r.Estimate.InformationCriterionStandardError)]));
        report.Report.AddHeading("WAIC");
        report.Report.AddTable(["model", "elpd_diff", "se_diff", "elpd_waic", "se_elpd_waic", "p_waic", "waic"],
            waicComparison.Rows.Select(r => (IReadOnlyList<string>)[r.Name, F(r.ElpdDifference), F(r.DifferenceStandardError), F(r.Estimate.Elpd), F(r.Estimate.ElpdStandardError),
                F(r.Estimate.P), F(r.Estimate.InformationCriterion)]));
        foreach (var f in fits)
        {
            report.Report.AddHeading($"{f.Name}: Pareto k̂ and LOO-PIT");
            var high = f.Loo.HighParetoK;
            report.Report.AddParagraph(string.Format(inv, "k̂ threshold for {0} draws: {1:F2}. Observations above it: {2}.", f.Loo.Draws, f.Loo.KThreshold,
                high.Count == 0 ? "none" : string.Join(", ", high.Select(i => $"{f.Loo.Observations[i]} (k̂ = {f.Loo.ParetoK[i].ToString("F2", inv)})"))));
            var khat = Plots.ParetoK(f.Loo.ParetoK, f.Loo.Draws);
            khat.Title($"{f.Name}: PSIS-LOO Pareto k̂ ({high.Count} of {y.Length} above {f.Loo.KThreshold.ToString("F2", inv)})");
            var looPit = Plots.LooPit(f.Pit);
            looPit.Title($"{f.Name}: LOO-PIT ECDF difference");
            report.AddPlot($"khat_{f.Name}", $"Pareto k̂ per observation, {f.Name} model", khat)
                .AddPlot($"loo_pit_{f.Name}", $"LOO-PIT ECDF difference with simultaneous 95% band, {f.Name} model", looPit);
            report.Report.AddTable(["observation", "elpd_loo_i", "p_loo_i", "k̂", "LOO-PIT"],
                Enumerable.Range(0, y.Length).Where(i => f.Loo.ParetoK[i] > 0.5 || i % 10 == 0).Select(i => (IReadOnlyList<string>)
                    [f.Loo.Observations[i], F(f.Loo.PointwiseElpd[i]), F(f.Loo.PointwiseP[i]), f.Loo.ParetoK[i].ToString("F2", inv), f.Pit[i].ToString("F3", inv)]));
        }
        var path = report.Write();

        output.WriteLine(comparison.ToString());
        foreach (var f in fits)
            output.WriteLine(string.Format(inv, "{0}: elpd_loo {1:F1} (SE {2:F1}), p_loo {3:F1}, max k̂ {4:F2} at {5}",
                f.Name, f.Loo.Elpd, f.Loo.ElpdStandardError, f.Loo.P, f.Loo.ParetoK.Max(), f.Loo.Observations[IndexOfMax(f.Loo.ParetoK)]));
        if (!options.Quiet) output.WriteLine($"report: {path}");

        string F(double v) => v.ToString("F1", inv);
    }

    private static int IndexOfMax(IReadOnlyList<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
