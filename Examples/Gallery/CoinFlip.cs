using System.Globalization;
using Probabilistic.Inference;
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
        var lines = new List<string> { "# Coin flip: exact posterior of the bias", "", "| bias | posterior |", "|---|---|" };
        foreach (var b in posterior.Values.OrderBy(v => v))
        {
            lines.Add(string.Format(inv, "| {0} | {1:R} |", b, posterior.Probability(b)));
            output.WriteLine(string.Format(inv, "P(bias = {0} | 7 heads of 10) = {1:F6}", b, posterior.Probability(b)));
        }
        lines.Add(string.Format(inv, "\nlog evidence: {0:R}", posterior.LogEvidence));
        Directory.CreateDirectory(options.OutputDirectory);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "report.md"), string.Join(Environment.NewLine, lines));
        if (!options.Quiet) output.WriteLine($"report: {Path.Combine(options.OutputDirectory, "report.md")}");
    }
}
