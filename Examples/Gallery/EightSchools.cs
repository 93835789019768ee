using System.Globalization;
using Probabilistic.Inference;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Eight schools with NUTS (Stan's algorithm and warmup): the summary table (mean, sd, quantiles, MCSE, bulk and
/// tail ESS, R-hat), the sampler's diagnostics, and the draws exported as CmdStan CSV files.
/// </summary>
public sealed class EightSchools : IExample
{
    /// <inheritdoc />
    public string Name => "eightschools";

    /// <inheritdoc />
    public string Description => "Eight schools, non-centred: NUTS with Stan's warmup, summary table and CmdStan CSV";

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var nuts = new NutsOptions { Chains = 4, Warmup = options.Quick ? 300 : 1000, Draws = options.Quick ? 300 : 1000, Seed = options.Seed };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var posterior = Infer.Nuts(model, options: nuts);
        watch.Stop();
        var summary = posterior.Summary();
        var inv = CultureInfo.InvariantCulture;
        Directory.CreateDirectory(options.OutputDirectory);
        posterior.WriteCsv(options.OutputDirectory, "eight_schools");
        string[] report =
        [
            "# Eight schools (non-centred) with NUTS",
            "",
            string.Format(inv, "{0} chains × ({1} warmup + {2} draws), seed {3}, {4:F2} s.", nuts.Chains, nuts.Warmup, nuts.Draws, nuts.Seed, watch.Elapsed.TotalSeconds),
            "",
            "```",
            summary.ToString(),
            "```",
            "",
            "```",
            posterior.SamplerDiagnostics.ToString(),
            "```",
            "",
            $"Draws in CmdStan's CSV layout: `eight_schools_1.csv` … `eight_schools_{nuts.Chains}.csv`.",
        ];
        File.WriteAllText(Path.Combine(options.OutputDirectory, "report.md"), string.Join(Environment.NewLine, report));
        output.WriteLine(summary.ToString());
        if (!options.Quiet)
        {
            output.WriteLine(posterior.SamplerDiagnostics.ToString());
            output.WriteLine($"report: {Path.Combine(options.OutputDirectory, "report.md")}");
        }
    }
}
