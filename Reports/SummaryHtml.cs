using System.Globalization;
using System.Net;
using System.Text;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

/// <summary>
/// HTML tables of results: the posterior summary (the columns of <see cref="PosteriorSummary.ToString"/>, numbers to four
/// significant digits, rows whose R̂ exceeds <see cref="SummaryWarnings.RhatThreshold"/> highlighted) and the sampler's
/// diagnostics per chain.
/// </summary>
public static class SummaryHtml
{
    /// <summary>A number as the tables print it: four significant digits, <c>NA</c> for NaN.</summary>
    public static string Number(double x) => double.IsNaN(x) ? "NA" : x.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The summary as an HTML <c>&lt;table class="summary"&gt;</c>.</summary>
    public static string Table(PosteriorSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var sb = new StringBuilder("<table class=\"summary\">\n<thead><tr><th></th><th>mean</th><th>sd</th><th>mcse_mean</th><th>mcse_sd</th>");
        foreach (var p in summary.Probabilities) sb.Append("<th>").Append((100 * p).ToString("0.###", CultureInfo.InvariantCulture)).Append("%</th>");
        sb.Append("<th>ess_bulk</th><th>ess_tail</th><th>rhat</th></tr></thead>\n<tbody>\n");
        foreach (var r in summary.Rows)
        {
            bool bad = r.Rhat > SummaryWarnings.RhatThreshold;
            sb.Append(bad ? "<tr class=\"bad\">" : "<tr>").Append("<th>").Append(WebUtility.HtmlEncode(r.Name)).Append("</th>");
            foreach (var v in new[] { r.Mean, r.Sd, r.McseMean, r.McseSd }.Concat(r.Quantiles)) Cell(sb, Number(v));
            Cell(sb, Fixed(r.EssBulk, "F0"));
            Cell(sb, Fixed(r.EssTail, "F0"));
            Cell(sb, Fixed(r.Rhat, "F3"));
            sb.Append("</tr>\n");
        }
        return sb.Append("</tbody>\n</table>").ToString();
    }

    /// <summary>The sampler's diagnostics as an HTML table, one row per chain (a sentence when there are no per-draw statistics).</summary>
    public static string Table(SamplerDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!diagnostics.HasStatistics) return "<p>No per-draw sampler statistics (the sampler is not HMC/NUTS).</p>";
        var sb = new StringBuilder("<table class=\"diagnostics\">\n<thead><tr><th>chain</th><th>step size</th><th>E-BFMI</th><th>divergences</th><th>max tree depth hits</th></tr></thead>\n<tbody>\n");
        for (int c = 0; c < diagnostics.StepSizes.Count; c++)
        {
            sb.Append("<tr><th>").Append(c + 1).Append("</th>");
            Cell(sb, Number(diagnostics.StepSizes[c]));
            Cell(sb, Fixed(diagnostics.EnergyBfmiPerChain[c], "F3"));
            Cell(sb, diagnostics.DivergencesPerChain[c].ToString(CultureInfo.InvariantCulture));
            Cell(sb, diagnostics.MaxTreeDepthHitsPerChain[c].ToString(CultureInfo.InvariantCulture));
            sb.Append("</tr>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<tr><th>all</th><td></td><td></td><td>{diagnostics.Divergences}</td><td>{diagnostics.MaxTreeDepthHits}</td></tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static void Cell(StringBuilder sb, string text) => sb.Append("<td>").Append(WebUtility.HtmlEncode(text)).Append("</td>");

    private static string Fixed(double x, string format) => double.IsNaN(x) ? "NA" : x.ToString(format, CultureInfo.InvariantCulture);
}
