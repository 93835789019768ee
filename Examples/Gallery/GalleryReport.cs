using Probabilistic.Reports;
using ScottPlot;

namespace Probabilistic.Examples.Gallery;

/// <summary>An example's output folder: each plot saved there as a PNG and embedded in the HTML <see cref="Report"/>, written as <c>report.html</c>.</summary>
public sealed class GalleryReport(ExampleOptions options, Report report)
{
    /// <summary>The report being built (add tables and text to it directly).</summary>
    public Report Report { get; } = report;

    /// <summary>Saves <paramref name="plot"/> as <c>&lt;file&gt;.png</c> in the output folder and embeds it in the report.</summary>
    public GalleryReport AddPlot(string file, string caption, Plot plot)
    {
        plot.SaveAs(Path.Combine(options.OutputDirectory, file + ".png"));
        Report.AddPlot(caption, plot);
        return this;
    }

    /// <summary>Writes <c>report.html</c> into the output folder and returns its path.</summary>
    public string Write() => Report.Write(Path.Combine(options.OutputDirectory, "report.html"));

    /// <summary>
    /// Saves, as PNGs beside the report (the report itself already embeds them), the forest plot of the default
    /// variables (or <paramref name="vars"/>) and the trace and density of each of <paramref name="columns"/>.
    /// </summary>
    public void SavePosteriorPlots(Probabilistic.Inference.Posterior posterior, IEnumerable<string> columns, IReadOnlyList<string>? vars = null)
    {
        var forest = PosteriorVariables.Select(posterior, vars).SelectMany(v => v.Columns).ToArray();
        Plots.Forest(posterior, forest, interval: ForestInterval.Hdi).SaveAs(Path.Combine(options.OutputDirectory, "forest.png"), height: Math.Clamp(120 + 26 * forest.Length, 240, 900));
        foreach (var c in columns)
        {
            var file = c.Replace('[', '_').Replace("]", "").Replace('/', '_');
            Plots.Trace(posterior, c).SaveAs(Path.Combine(options.OutputDirectory, $"trace_{file}.png"));
            (Plots.IsIntegral(posterior[c]) ? Plots.Histogram(posterior, c) : Plots.Density(posterior, c)).SaveAs(Path.Combine(options.OutputDirectory, $"density_{file}.png"));
        }
    }
}
