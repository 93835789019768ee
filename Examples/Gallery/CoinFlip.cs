using Probabilistic.Compilation;
using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Reports;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Is the coin fair? A prior over three biases, ten observed flips, the exact posterior by enumeration.
/// </summary>
public sealed class CoinFlip : IExample
{
    /// <summary>The observed flips (7 heads of 10).</summary>
    public static readonly bool[] Flips = [true, true, false, true, true, true, false, true, false, true];

    /// <inheritdoc />
    public string Name => "coinflip";

    /// <inheritdoc />
    public string Description => "Which bias explains 7 heads in 10 flips: exact posterior by enumeration";

    /// <summary>A bias from {0.3, 0.5, 0.7} (prior 1/4, 1/2, 1/4), each flip observed as Bernoulli(bias).</summary>
    [Compiled]
    public static Model<double> Model(IReadOnlyList<bool> flips) =>
        from index in Sample("bias", Categorical(0.25, 0.5, 0.25))
        let bias = new[] { 0.3, 0.5, 0.7 }[index]
        from _ in Fold("flip", flips.Count, Unit.Value, (u, t) => Observe(Bernoulli(bias), flips[t]))
        select bias;

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        var posterior = Infer.Enumerate(Model(Flips));
        var inv = CultureInfo.InvariantCulture;
        var biases = posterior.Values.OrderBy(v => v).ToArray();
        foreach (var b in biases)
            output.WriteLine(string.Format(inv, "P(bias = {0} | 7 heads of 10) = {1:F6}", b, posterior.Probability(b)));

        var report = new GalleryReport(options, new Report("Coin flip: exact posterior of the bias"));
        report.Report.AddTable(["bias", "prior", "posterior"],
            biases.Select(b => (IReadOnlyList<string>)[b.ToString(inv), (b == 0.5 ? 0.5 : 0.25).ToString(inv), NumberFormat.Significant(posterior.Probability(b), 6)]))
            .AddParagraph($"Exact values, to six significant digits. log evidence: {NumberFormat.Significant(posterior.LogEvidence, 6)}");
        var plot = new ScottPlot.Plot();
        var prior = plot.Add.Bars(biases.Select(b => b - 0.02).ToArray(), biases.Select(b => b == 0.5 ? 0.5 : 0.25).ToArray());
        var post = plot.Add.Bars(biases.Select(b => b + 0.02).ToArray(), biases.Select(b => posterior.Probability(b)).ToArray());
        foreach (var bar in prior.Bars) { bar.Size = 0.04; bar.FillColor = ScottPlot.Colors.Gray; }
        foreach (var bar in post.Bars) { bar.Size = 0.04; bar.FillColor = Plots.ChainColor(0); }
        prior.LegendText = "prior";
        post.LegendText = "posterior";
        plot.Title("Bias of the coin: prior and posterior after 7 heads of 10");
        plot.XLabel("bias");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        report.AddPlot("posterior", "prior and posterior of the bias", plot);
        var path = report.Write();
        if (!options.Quiet) output.WriteLine($"report: {path}");
    }
}
