using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Reports;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Eight schools with NUTS (Stan's algorithm and warmup): the summary table (mean, sd, quantiles, MCSE, bulk and
/// tail ESS, R-hat), the sampler's diagnostics, the HTML report with trace, rank, density, pair (divergences marked),
/// forest and energy plots, and the draws exported as CmdStan CSV files.
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

        var report = new GalleryReport(options, Report.For(posterior, "Eight schools (non-centred) with NUTS", maxColumns: 3));
        report.Report.AddParagraph(string.Format(inv, "{0} chains × ({1} warmup + {2} draws), seed {3}, {4:F2} s. Draws in CmdStan's CSV layout: eight_schools_1.csv … eight_schools_{0}.csv.",
            nuts.Chains, nuts.Warmup, nuts.Draws, nuts.Seed, watch.Elapsed.TotalSeconds));
        report.AddPlot("pair_tau_theta1", "tau against theta_trans[1], divergences in red", Plots.Pair(posterior, "theta_trans[1]", "tau"))
            .AddPlot("energy", "energy", Plots.Energy(posterior));
        report.SavePosteriorPlots(posterior, ["mu", "tau"]);
        Plots.Rank(posterior, "tau").SaveAs(Path.Combine(options.OutputDirectory, "rank_tau.png"));
        var path = report.Write();

        output.WriteLine(summary.ToString());
        if (!options.Quiet)
        {
            output.WriteLine(posterior.SamplerDiagnostics.ToString());
            output.WriteLine($"report: {path}");
        }
    }
}
