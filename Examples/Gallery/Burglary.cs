using System.Globalization;
using Probabilistic.Inference;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// The burglary / earthquake / alarm Bayes net (Russell &amp; Norvig, <i>AIMA</i>, §14.2) with evidence
/// John calls and Mary calls, solved exactly by enumeration.
/// </summary>
public sealed class Burglary : IExample
{
    /// <inheritdoc />
    public string Name => "burglary";

    /// <inheritdoc />
    public string Description => "Burglary/alarm Bayes net: exact posterior by enumeration";

    /// <summary>The net as a model that returns every variable; John and Mary are observed to call.</summary>
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

        var inv = CultureInfo.InvariantCulture;
        var report = string.Join(Environment.NewLine,
            "# Burglary: exact posterior by enumeration",
            "",
            "Evidence: johnCalls = true, maryCalls = true.",
            "",
            "| quantity | value |",
            "|---|---|",
            string.Format(inv, "| P(burglary \\| evidence) | {0:R} |", pBurglary),
            string.Format(inv, "| P(earthquake \\| evidence) | {0:R} |", pEarthquake),
            string.Format(inv, "| P(alarm \\| evidence) | {0:R} |", pAlarm),
            string.Format(inv, "| P(evidence) | {0:R} |", posterior.Evidence),
            string.Format(inv, "| log P(evidence) | {0:R} |", posterior.LogEvidence),
            "");
        Directory.CreateDirectory(options.OutputDirectory);
        var path = Path.Combine(options.OutputDirectory, "report.md");
        File.WriteAllText(path, report);

        output.WriteLine(string.Format(inv, "P(burglary | johnCalls, maryCalls) = {0:F6}", pBurglary));
        output.WriteLine(string.Format(inv, "P(johnCalls, maryCalls)            = {0:F10} (log {1:F6})", posterior.Evidence, posterior.LogEvidence));
        if (!options.Quiet)
        {
            output.WriteLine(string.Format(inv, "P(earthquake | evidence)           = {0:F6}", pEarthquake));
            output.WriteLine(string.Format(inv, "P(alarm | evidence)                = {0:F6}", pAlarm));
            output.WriteLine($"report: {path}");
        }
    }
}
