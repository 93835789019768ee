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

    /// <summary>Saves the standard plots of <paramref name="posterior"/> (trace, density of each of <paramref name="columns"/>, forest of the first columns) as PNGs beside the report.</summary>
    public void SavePosteriorPlots(Probabilistic.Inference.Posterior posterior, IEnumerable<string> columns)
    {
        Plots.Forest(posterior, posterior.Columns.Take(Report.ForestColumns).Select(c => c.Name).ToArray()).SaveAs(Path.Combine(options.OutputDirectory, "forest.png"));
        foreach (var c in columns)
        {
            var file = c.Replace('[', '_').Replace("]", "").Replace('/', '_');
            Plots.Trace(posterior, c).SaveAs(Path.Combine(options.OutputDirectory, $"trace_{file}.png"));
            Plots.Density(posterior, c).SaveAs(Path.Combine(options.OutputDirectory, $"density_{file}.png"));
        }
    }
}
