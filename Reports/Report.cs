using System.Net;
using System.Text;
using Probabilistic.Inference;
using ScottPlot;

namespace Probabilistic.Reports;

/// <summary>How a <see cref="Report"/> embeds a plot.</summary>
public enum EmbeddedImageFormat
{
    /// <summary>A base64 PNG data URI in an <c>&lt;img&gt;</c>.</summary>
    Png,

    /// <summary>Inline SVG markup.</summary>
    Svg,
}

/// <summary>
/// A self-contained HTML report: a title, warnings shown prominently at the top, then sections in the order added
/// (headings, paragraphs, tables, the summary table, the sampler's diagnostics, plots embedded as base64 PNG or inline
/// SVG). No file besides the HTML is needed. <see cref="For(Posterior, string, IReadOnlyList{string}?)"/> and its
/// overloads build the standard report of each kind of result. A plot whose title an earlier plot already has is
/// refused (a report shows each figure once).
/// </summary>
public sealed partial class Report
{
    private readonly List<string> _warnings = [];
    private readonly List<string> _sections = [];
    private readonly HashSet<string> _plotTitles = new(StringComparer.Ordinal);

    /// <summary>Starts an empty report titled <paramref name="title"/>.</summary>
    public Report(string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title;
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>The warnings, in the order added.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The number of plots embedded so far.</summary>
    public int PlotCount { get; private set; }

    /// <summary>Adds a warning, shown in the box at the top.</summary>
    public Report AddWarning(string warning)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(warning);
        _warnings.Add(warning);
        return this;
    }

    /// <summary>Adds a section heading.</summary>
    public Report AddHeading(string heading)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(heading);
        _sections.Add($"<h2>{Encode(heading)}</h2>");
        return this;
    }

    /// <summary>Adds a paragraph of plain text (HTML-encoded).</summary>
    public Report AddParagraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _sections.Add($"<p>{Encode(text)}</p>");
        return this;
    }

    /// <summary>Adds preformatted text (a console table, say).</summary>
    public Report AddPreformatted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _sections.Add($"<pre>{Encode(text)}</pre>");
        return this;
    }

    /// <summary>Adds a table of text cells under <paramref name="header"/>.</summary>
    /// <exception cref="ArgumentException">A row's length differs from the header's.</exception>
    public Report AddTable(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("<table>\n<thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(Encode(h)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        int i = 0;
        foreach (var row in rows)
        {
            if (row is null || row.Count != header.Count)
                throw new ArgumentException($"Report.AddTable: row {i} has {row?.Count ?? 0} cells but the header has {header.Count}.", nameof(rows));
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(Encode(cell)).Append("</td>");
            sb.Append("</tr>\n");
            i++;
        }
        _sections.Add(sb.Append("</tbody>\n</table>").ToString());
        return this;
    }

    /// <summary>Adds the posterior summary table (<see cref="SummaryHtml.Table(PosteriorSummary)"/>).</summary>
    public Report AddSummary(PosteriorSummary summary)
    {
        _sections.Add(SummaryHtml.Table(summary));
        return this;
    }

    /// <summary>Adds the summary of <paramref name="vars"/> of <paramref name="posterior"/> (the default variables when null) with highest-density intervals (<see cref="SummaryHtml.Table(Posterior, IReadOnlyList{string}, double)"/>).</summary>
    public Report AddSummary(Posterior posterior, IReadOnlyList<string>? vars = null)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var columns = PosteriorVariables.Select(posterior, vars).SelectMany(v => v.Columns).Distinct().ToArray();
        _sections.Add(SummaryHtml.Table(posterior, columns));
        return this;
    }

    private Report AddRaw(string html)
    {
        _sections.Add(html);
        return this;
    }

    /// <summary>Adds the sampler's diagnostics table and its warnings (divergences, tree depth, E-BFMI) to the warning box.</summary>
    public Report AddDiagnostics(SamplerDiagnostics diagnostics)
    {
        _sections.Add(SummaryHtml.Table(diagnostics));
        _warnings.AddRange(diagnostics.Warnings());
        return this;
    }

    /// <summary>Embeds <paramref name="plot"/> under <paramref name="caption"/>, as a base64 PNG or inline SVG.</summary>
    /// <exception cref="ArgumentException">The report already has a plot with this plot's (non-empty) title: the figure would be shown twice.</exception>
    public Report AddPlot(string caption, Plot plot, EmbeddedImageFormat format = EmbeddedImageFormat.Png,
        int width = PlotExport.DefaultWidth, int height = PlotExport.DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(caption);
        ArgumentNullException.ThrowIfNull(plot);
        var plotTitle = plot.Axes.Title.Label.Text;
        if (!string.IsNullOrWhiteSpace(plotTitle) && !_plotTitles.Add(plotTitle))
            throw new ArgumentException($"Report.AddPlot: the report already has a plot titled '{plotTitle}' (caption '{caption}'); a figure is shown once.", nameof(plot));
        string image = format switch
        {
            EmbeddedImageFormat.Png => plot.ToHtmlImage(caption, width, height),
            EmbeddedImageFormat.Svg => StripXmlDeclaration(plot.ToSvg(width, height)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Report.AddPlot: unknown image format."),
        };
        _sections.Add($"<figure class=\"plot\">{image}<figcaption>{Encode(caption)}</figcaption></figure>");
        PlotCount++;
        return this;
    }

    /// <summary>The whole report as one HTML document.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>").Append(Encode(Title)).Append("</title>\n");
        sb.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<h1>").Append(Encode(Title)).Append("</h1>\n");
        if (_warnings.Count > 0)
        {
            sb.Append("<div class=\"warnings\"><strong>Warnings</strong>\n<ul>\n");
            foreach (var w in _warnings) sb.Append("<li>").Append(Encode(w)).Append("</li>\n");
            sb.Append("</ul></div>\n");
        }
        foreach (var s in _sections) sb.Append(s).Append('\n');
        return sb.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>Writes <see cref="ToHtml"/> to <paramref name="path"/>, creating its folder; returns the path.</summary>
    public string Write(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, ToHtml());
        return path;
    }

    /// <summary>The HTML of the report (<see cref="ToHtml"/>).</summary>
    public override string ToString() => ToHtml();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string StripXmlDeclaration(string svg) =>
        svg.StartsWith("<?xml", StringComparison.Ordinal) ? svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart() : svg;

    private const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
        th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; text-align: right; }
        th:first-child { text-align: left; }
        tr.bad { background: #fde2e1; }
        .warnings { background: #fff4ce; border: 2px solid #d9a300; padding: 0.6em 1em; margin: 1em 0; }
        figure.plot { display: inline-block; margin: 0.5em; }
        figcaption { text-align: center; color: #555; }
        pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }

        """;
}
