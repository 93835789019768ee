using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Reports;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Eight schools with NUTS (Stan's algorithm and warmup): the summary table (mean, sd, quantiles, HDI, MCSE, bulk and
/// tail ESS, R-hat), the sampler's diagnostics, the HTML report of μ, τ and the schools' effects with trace, rank,
/// density, autocorrelation, MCSE, ESS, pair-matrix (divergences marked), forest and energy plots, posterior predictive
/// checks, and the draws exported as CmdStan CSV files.
/// </summary>
public sealed class EightSchools : IExample
{
    /// <inheritdoc />
    public string Name => "eightschools";

    /// <inheritdoc />
    public string Description => "Eight schools, non-centred: NUTS with Stan's warmup, summary, diagnostics, plots and CmdStan CSV";

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var nuts = new NutsOptions { Chains = 4, Warmup = options.Quick ? 300 : 1000, Draws = options.Quick ? 300 : 1000, Seed = options.Seed };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var posterior = McmcProgressBars.Run(options, nuts.Chains, progress => Infer.Nuts(model, options: nuts, progress: progress));
        watch.Stop();
        var summary = posterior.Summary();
        var inv = CultureInfo.InvariantCulture;
        posterior.WriteCsv(options.OutputDirectory, "eight_schools");

        var report = new GalleryReport(options, Report.For(posterior, "Eight schools (non-centred) with NUTS", vars: ["mu", "tau", "theta_trans"]));
        report.Report.AddParagraph(string.Format(inv, "{0} chains × ({1} warmup + {2} draws), seed {3}, {4:F2} s. Draws in CmdStan's CSV layout: eight_schools_1.csv … eight_schools_{0}.csv.",
            nuts.Chains, nuts.Warmup, nuts.Draws, nuts.Seed, watch.Elapsed.TotalSeconds));
        var replicates = Replicates(posterior, 400, options.Seed);
        report.Report.AddHeading("Posterior predictive checks");
        report.AddPlot("ppc_intervals", "each school's replicated effect ỹⱼ ~ Normal(θⱼ, σⱼ): 50% and 90% intervals, the observed yⱼ in black",
                Plots.PosteriorPredictiveIntervals(EightSchoolsModel.Y, replicates, "school"))
            .AddPlot("ppc_max", "the largest of the eight effects, replicated against observed", Plots.PosteriorPredictiveStatistic(EightSchoolsModel.Y, replicates, v => v.Max(), "max"));
        Plots.PairMatrix(posterior, ["mu", "tau", "theta_trans[1]"]).SaveAs(Path.Combine(options.OutputDirectory, "pairs.png"), 620, 590);
        Plots.Energy(posterior).SaveAs(Path.Combine(options.OutputDirectory, "energy.png"));
        report.SavePosteriorPlots(posterior, ["mu", "tau"], ["mu", "tau", "theta_trans"]);
        Plots.Rank(posterior, "tau").SaveAs(Path.Combine(options.OutputDirectory, "rank_tau.png"));
        var path = report.Write();

        output.WriteLine(summary.ToString());
        if (!options.Quiet)
        {
            output.WriteLine(posterior.SamplerDiagnostics.ToString());
            output.WriteLine($"report: {path}");
        }
    }

    /// <summary>Replicated effects ỹⱼ ~ Normal(μ + τ θ̃ⱼ, σⱼ), one set from each of <paramref name="count"/> evenly spaced draws.</summary>
    private static IReadOnlyList<IReadOnlyList<double>> Replicates(Posterior posterior, int count, ulong seed)
    {
        var rng = new Rng(seed);
        double[] mu = posterior["mu"], tau = posterior["tau"];
        var thetaTrans = Enumerable.Range(1, EightSchoolsModel.Y.Length).Select(j => posterior[$"theta_trans[{j}]"]).ToArray();
        count = Math.Min(count, mu.Length);
        return Enumerable.Range(0, count).Select(r =>
        {
            int d = r * mu.Length / count;
            return (IReadOnlyList<double>)EightSchoolsModel.Sigma.Select((s, j) => mu[d] + tau[d] * thetaTrans[j][d] + s * rng.NextGaussian()).ToArray();
        }).ToList();
    }
}
