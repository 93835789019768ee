using Probabilistic.Compilation;
using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Reports;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// The burglary / earthquake / alarm Bayes net (Russell &amp; Norvig, <i>AIMA</i>, §14.2) with evidence
/// John calls and Mary calls, solved exactly by enumeration and approximately by SMC.
/// </summary>
public sealed class Burglary : IExample
{
    /// <inheritdoc />
    public string Name => "burglary";

    /// <inheritdoc />
    public string Description => "Burglary/alarm Bayes net: exact posterior by enumeration, and SMC against it";

    /// <summary>The net as a model that returns every variable; John and Mary are observed to call.</summary>
    [Compiled]
    public static Model<(bool Burglary, bool Earthquake, bool Alarm)> Model(bool johnCalls = true, bool maryCalls = true) =>
        from burglary in Sample("burglary", Bernoulli(0.001))
        from earthquake in Sample("earthquake", Bernoulli(0.002))
        from alarm in Sample("alarm", Bernoulli(
            burglary ? (earthquake ? 0.95 : 0.94) : (earthquake ? 0.29 : 0.001)))
        from _ in Observe("johnCalls", Bernoulli(alarm ? 0.9 : 0.05), johnCalls)
        from __ in Observe("maryCalls", Bernoulli(alarm ? 0.7 : 0.01), maryCalls)
        select (burglary, earthquake, alarm);

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var posterior = Infer.Enumerate(Model());
        double pBurglary = posterior.Probability(x => x.Burglary);
        double pEarthquake = posterior.Probability(x => x.Earthquake);
        double pAlarm = posterior.Probability(x => x.Alarm);

        int particles = options.Quick ? 20_000 : 200_000;
        var recorder = new SmcRecorder();
        var smc = Infer.Smc(Model(), new SmcOptions { Particles = particles, Seed = options.Seed }, recorder);

        var inv = CultureInfo.InvariantCulture;
        string F(double x) => NumberFormat.Significant(x, 6); // exact values: six significant digits
        // SMC estimates to the digits their standard error supports: a probability's is √(p(1 − p)/ESS).
        // (the ESS before the last resampling: after it every weight is equal and the sample's own ESS is the particle count).
        double ess = double.IsNaN(smc.EffectiveSampleSizeBeforeResampling) ? smc.EffectiveSampleSize : smc.EffectiveSampleSizeBeforeResampling;
        string S(double p) => NumberFormat.ToPrecision(p, Math.Sqrt(p * (1 - p) / ess));
        var report = new GalleryReport(options, new Report("Burglary: exact posterior by enumeration, and SMC"));
        report.Report
            .AddParagraph("Evidence: johnCalls = true, maryCalls = true.")
            .AddTable(["quantity", "exact", $"SMC ({particles} particles)"],
            [
                ["P(burglary | evidence)", F(pBurglary), S(smc.Probability(x => x.Burglary))],
                ["P(earthquake | evidence)", F(pEarthquake), S(smc.Probability(x => x.Earthquake))],
                ["P(alarm | evidence)", F(pAlarm), S(smc.Probability(x => x.Alarm))],
                ["P(evidence)", F(posterior.Evidence), NumberFormat.ToPrecision(Math.Exp(smc.LogEvidence), Math.Exp(smc.LogEvidence) * smc.LogEvidenceStandardError)],
                ["log P(evidence)", F(posterior.LogEvidence), $"{NumberFormat.ToPrecision(smc.LogEvidence, smc.LogEvidenceStandardError)} ± {NumberFormat.Significant(smc.LogEvidenceStandardError, 2)}"],
            ]);
        var bars = new ScottPlot.Plot();
        bars.Add.Bars([pBurglary, pEarthquake, pAlarm]);
        bars.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 1, 2], ["burglary", "earthquake", "alarm"]);
        bars.Title("Exact posterior probabilities given both calls");
        bars.Axes.Margins(bottom: 0);
        report.AddPlot("exact", "exact posterior marginals", bars)
            .AddPlot("smc_ess", "SMC: effective sample size per observation", Plots.EffectiveSampleSize(recorder.Steps, particles))
            .AddPlot("smc_log_evidence", "SMC: log evidence per observation, exact final value dashed", Plots.LogEvidence(recorder.Steps, posterior.LogEvidence));
        var path = report.Write();

        output.WriteLine(string.Format(inv, "P(burglary | johnCalls, maryCalls) = {0:F6}", pBurglary));
        output.WriteLine(string.Format(inv, "P(johnCalls, maryCalls)            = {0:F10} (log {1:F6})", posterior.Evidence, posterior.LogEvidence));
        output.WriteLine(string.Format(inv, "SMC ({0} particles): P(burglary) = {1:F4}, log evidence {2:F4} ± {3:F4}", particles, smc.Probability(x => x.Burglary), smc.LogEvidence, smc.LogEvidenceStandardError));
        if (!options.Quiet)
        {
            output.WriteLine(string.Format(inv, "P(earthquake | evidence)           = {0:F6}", pEarthquake));
            output.WriteLine(string.Format(inv, "P(alarm | evidence)                = {0:F6}", pAlarm));
            output.WriteLine($"report: {path}");
        }
    }
}
