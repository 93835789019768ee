using Microsoft.DotNet.Interactive.Formatting;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using ScottPlot;

namespace Probabilistic.Reports;

/// <summary>
/// .NET Interactive formatters (Polyglot/Jupyter notebooks): once <see cref="Register"/> has run, a
/// <see cref="Posterior"/> (its summary table, sampler diagnostics and a forest plot), a <see cref="PosteriorSummary"/>,
/// <see cref="SamplerDiagnostics"/>, a <see cref="VariationalFit"/> (its objective curve), a <see cref="WeightedSample{T}"/>
/// (particles, ESS, log evidence) and a ScottPlot
/// <see cref="Plot"/> (a PNG) display as HTML when a cell returns them.
/// </summary>
public static class NotebookFormatters
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the formatters with <see cref="Formatter"/> for <c>text/html</c> and makes HTML their preferred MIME type. Calling it again does nothing.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            Add<PosteriorSummary>(SummaryHtml.Table);
            Add<SamplerDiagnostics>(SummaryHtml.Table);
            Add<Posterior>(PosteriorHtml);
            Add<VariationalFit>(fit => fit.History.Count == 0
                ? $"<p>{System.Net.WebUtility.HtmlEncode(fit.Objective)}: no steps.</p>"
                : Plots.Objective(fit).ToHtmlImage($"objective {fit.Objective}"));
            Add<Plot>(plot => plot.ToHtmlImage("plot"));
            Formatter.Register(typeof(WeightedSample<>), (sample, writer) => writer.Write(WeightedSampleHtml(sample)), HtmlFormatter.MimeType);
            Formatter.SetPreferredMimeTypesFor(typeof(WeightedSample<>), HtmlFormatter.MimeType);
            _registered = true;
        }
    }

    /// <summary>
    /// The HTML a posterior displays as: its size, the summary table of its default variables
    /// (<see cref="PosteriorVariables.Select"/>) with highest-density intervals, the sampler's diagnostics and warnings,
    /// and a forest plot of highest-density intervals. <c>Report.For(posterior, title, vars)</c> shows chosen variables.
    /// </summary>
    public static string PosteriorHtml(Posterior posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var summary = posterior.Summary();
        var variables = PosteriorVariables.Select(posterior, null);
        var columns = variables.SelectMany(v => v.Columns).ToArray();
        var chosen = new PosteriorSummary(columns.Select(c => summary[c]).ToArray(), summary.Probabilities);
        var warnings = SummaryWarnings.For(chosen, posterior.Chains).Concat(posterior.SamplerDiagnostics.Warnings()).ToArray();
        var html = new System.Text.StringBuilder();
        html.Append($"<div class=\"posterior\"><p>Posterior: {posterior.Chains} chain(s) × {posterior.Draws} draws from {System.Net.WebUtility.HtmlEncode(posterior.Sampler)}.</p>");
        if (warnings.Length > 0)
            html.Append("<ul class=\"warnings\" style=\"background:#fff4ce\">").Append(string.Concat(warnings.Select(w => $"<li>{System.Net.WebUtility.HtmlEncode(w)}</li>"))).Append("</ul>");
        if (columns.Length < posterior.Columns.Count)
            html.Append($"<p>Showing {System.Net.WebUtility.HtmlEncode(string.Join(", ", variables.Select(v => v.Name)))} ({columns.Length} of {posterior.Columns.Count} columns).</p>");
        html.Append(SummaryHtml.Table(posterior, summary, columns, SummaryHtml.DefaultHdiProbability));
        if (posterior.SamplerDiagnostics.HasStatistics) html.Append(SummaryHtml.Table(posterior.SamplerDiagnostics));
        html.Append(Plots.Forest(posterior, columns, interval: ForestInterval.Hdi).ToHtmlImage("forest plot", 560, Math.Clamp(120 + 28 * columns.Length, 240, 800)));
        return html.Append("</div>").ToString();
    }

    /// <summary>The HTML a <see cref="WeightedSample{T}"/> displays as: particles, effective sample size and log evidence (± its standard error).</summary>
    public static string WeightedSampleHtml(object sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var type = sample.GetType();
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(WeightedSample<>))
            throw new ArgumentException($"NotebookFormatters.WeightedSampleHtml: a {type.Name} is not a WeightedSample<T>.", nameof(sample));
        double Get(string property) => Convert.ToDouble(type.GetProperty(property)!.GetValue(sample), System.Globalization.CultureInfo.InvariantCulture);
        return "<table class=\"weighted-sample\"><tbody>"
            + $"<tr><th>particles</th><td>{SummaryHtml.Number(Get("Count"))}</td></tr>"
            + $"<tr><th>effective sample size</th><td>{SummaryHtml.Number(Get("EffectiveSampleSize"))}</td></tr>"
            + (double.IsNaN(Get("EffectiveSampleSizeBeforeResampling")) ? "" : $"<tr><th>effective sample size before the last resampling</th><td>{SummaryHtml.Number(Get("EffectiveSampleSizeBeforeResampling"))}</td></tr>")
            + $"<tr><th>log evidence</th><td>{SummaryHtml.Number(Get("LogEvidence"))} ± {SummaryHtml.Number(Get("LogEvidenceStandardError"))}</td></tr>"
            + "</tbody></table>";
    }

    private static void Add<T>(Func<T, string> html)
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }
}
