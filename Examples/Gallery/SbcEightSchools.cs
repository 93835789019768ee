using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Inference.Workflow;
using Probabilistic.Reports;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Simulation-based calibration of NUTS on the non-centred eight-schools model (Talts et al. 2018; Modrák et al. 2023):
/// parameters and data drawn from the prior, NUTS fitted to each simulated data set, and the rank of each true value
/// among the thinned posterior draws, for μ, τ, the θ̃ⱼ, the schools' effects θⱼ (the model's return value) and the
/// data's log-likelihood. Calibrated ranks are uniform; the report shows their ECDF differences with simultaneous
/// bands (Säilynoja et al. 2022) and a p-value per quantity.
/// </summary>
public sealed class SbcEightSchools : IExample
{
    /// <inheritdoc />
    public string Name => "sbc";

    /// <inheritdoc />
    public string Description => "Simulation-based calibration of NUTS on eight schools: ranks, ECDF-difference bands, p-values";

    /// <summary>Eight schools with the data as random choices y/0 … y/7 (so that SBC can simulate them); returns θ.</summary>
    public static Model<Effects> Model(double[] sigma) =>
        from thetaTrans in Plate("theta_trans", sigma.Length, Normal(0, 1))
        from mu in Sample("mu", Normal(0, 5))
        from tau in Sample("tau", HalfCauchy(5))
        let theta = thetaTrans.Select(t => mu + tau * t).ToArray()
        from y in Plate("y", sigma.Length, j => Normal(theta[j], sigma[j]))
        select new Effects(theta);

    /// <summary>The schools' effects θⱼ = μ + τ θ̃ⱼ (generated quantities <c>theta[1]</c> … <c>theta[8]</c>: a member's name is its column's).</summary>
    /// <param name="theta">θ, named as Stan users expect.</param>
    public sealed record Effects(Real[] theta);

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var model = Model(EightSchoolsModel.Sigma);
        int replicates = options.Quick ? 40 : 200;
        int rankDraws = options.Quick ? 19 : 99;
        var nuts = new NutsOptions { Chains = 1, Warmup = options.Quick ? 120 : 500, Draws = options.Quick ? 80 : 1000, MaxDegreeOfParallelism = 1 };
        var sbcOptions = new SbcOptions { Replicates = replicates, RankDraws = rankDraws, Seed = options.Seed };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = LiveProgress.Run<SbcProgress, SbcResult>(options, ["replicates"], p => (0, (double)p.Completed / p.Total),
            progress => Sbc.Run(model, Selection.Prefix("y"), (m, y, seed) => Infer.Nuts(m, y, nuts with { Seed = seed }), sbcOptions, progress));
        watch.Stop();

        var report = new GalleryReport(options, new Report("Simulation-based calibration of NUTS on eight schools"));
        report.Report.AddParagraph(string.Format(inv,
            "{0} replicates: μ, τ, θ̃ and y drawn from the prior; NUTS ({1} chain × ({2} warmup + {3} draws)) fitted to each y; the rank of each true value among {4} evenly spaced posterior draws (ranks 0 … {4}). {5:F1} s. " +
            "If NUTS samples the posterior correctly, every rank is uniform and each ECDF difference stays inside its simultaneous {6:0}% band; the table gives each quantity's p-value.",
            replicates, nuts.Chains, nuts.Warmup, nuts.Draws, rankDraws, watch.Elapsed.TotalSeconds, 100 * (1 - sbcOptions.Alpha)));
        report.Report.AddTable(["quantity", "p-value", "inside the band"],
            result.Parameters.Select(p => (IReadOnlyList<string>)[p, result.PValue(p).ToString("F3", inv), result.Rejects(p) ? "no" : "yes"]));
        var shown = new[] { "mu", "tau", "theta[1]", Sbc.LogLikelihoodName }.Where(p => result.Parameters.Contains(p)).ToArray();
        report.AddPlot("sbc_ecdf", "ECDF difference of the ranks with simultaneous 95% bands",
            Plots.SbcEcdf(shown.Select(p => (p, (IReadOnlyList<int>)result.Ranks(p))).ToArray(), result.MaxRank, result.Alpha));
        var path = report.Write();

        output.WriteLine(result.ToString());
        output.WriteLine(result.AnyRejected
            ? $"miscalibrated: some quantity fails at level {result.Alpha}/{result.Parameters.Count} (Bonferroni)"
            : $"calibrated: no quantity fails at level {result.Alpha}/{result.Parameters.Count} (Bonferroni)");
        if (!options.Quiet) output.WriteLine($"report: {path}");
    }
}
