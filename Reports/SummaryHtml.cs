using System.Globalization;
using System.Net;
using System.Text;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

/// <summary>
/// HTML tables of results: the posterior summary (the columns of <see cref="PosteriorSummary.ToString"/>, optionally
/// with a highest-density interval, each estimate to the precision its Monte Carlo standard error supports
/// (<see cref="NumberFormat.ToPrecision"/>), rows whose R̂ exceeds <see cref="SummaryWarnings.RhatThreshold"/>
/// highlighted) and the sampler's diagnostics per chain.
/// </summary>
public static class SummaryHtml
{
    /// <summary>The probability of the highest-density interval in <see cref="Table(Posterior, IReadOnlyList{string}, double)"/> (0.9, matching the 5% and 95% quantiles).</summary>
    public const double DefaultHdiProbability = 0.9;

    /// <summary>A number as the tables print it when no standard error is known: four significant digits, <c>NA</c> for NaN.</summary>
    public static string Number(double x) => NumberFormat.Significant(x, 4);

    /// <summary>The summary as an HTML <c>&lt;table class="summary"&gt;</c>.</summary>
    public static string Table(PosteriorSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Table(summary, summary.Rows, null, 0);
    }

    /// <summary>
    /// The summary of <paramref name="columns"/> of <paramref name="posterior"/> as an HTML table, with the
    /// highest-density interval of probability <paramref name="hdiProbability"/> (Chen &amp; Shao 1999) after the quantiles.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="columns">The columns (rows of the table), in order.</param>
    /// <param name="hdiProbability">The HDI's probability (0.9).</param>
    public static string Table(Posterior posterior, IReadOnlyList<string> columns, double hdiProbability = DefaultHdiProbability)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(columns);
        if (!(hdiProbability > 0 && hdiProbability < 1)) throw new ArgumentOutOfRangeException(nameof(hdiProbability), hdiProbability, "SummaryHtml.Table: the HDI probability must lie in (0, 1).");
        return Table(posterior, posterior.Summary(), columns, hdiProbability);
    }

    /// <summary>As the public overload, with the posterior's summary already computed.</summary>
    internal static string Table(Posterior posterior, PosteriorSummary summary, IReadOnlyList<string> columns, double hdiProbability)
    {
        var rows = columns.Select(c => summary[c]).ToArray();
        var hdi = columns.Select(c =>
        {
            var draws = posterior[c];
            Array.Sort(draws);
            return HighestDensity.Interval(draws, hdiProbability);
        }).ToArray();
        return Table(summary, rows, hdi, hdiProbability);
    }

    private static string Table(PosteriorSummary summary, IReadOnlyList<PosteriorSummaryRow> rows, (double Lower, double Upper)[]? hdi, double hdiProbability)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("<table class=\"summary\">\n<thead><tr><th></th><th>mean</th><th>sd</th>");
        foreach (var p in summary.Probabilities) sb.Append("<th>").Append((100 * p).ToString("0.###", inv)).Append("%</th>");
        if (hdi is not null)
        {
            double tail = 100 * (1 - hdiProbability) / 2;
            sb.Append("<th>hdi_").Append(tail.ToString("0.###", inv)).Append("%</th><th>hdi_").Append((100 - tail).ToString("0.###", inv)).Append("%</th>");
        }
        sb.Append("<th>mcse_mean</th><th>mcse_sd</th><th>ess_bulk</th><th>ess_tail</th><th>rhat</th></tr></thead>\n<tbody>\n");
        for (int k = 0; k < rows.Count; k++)
        {
            var r = rows[k];
            bool bad = r.Rhat > SummaryWarnings.RhatThreshold;
            sb.Append(bad ? "<tr class=\"bad\">" : "<tr>").Append("<th>").Append(WebUtility.HtmlEncode(r.Name)).Append("</th>");
            // Location estimates to the precision of the mean's MCSE (the quantiles' own MCSEs are at least as large, so
            // this never hides a digit they support); the sd to its own MCSE's.
            Cell(sb, NumberFormat.ToPrecision(r.Mean, r.McseMean));
            Cell(sb, NumberFormat.ToPrecision(r.Sd, r.McseSd));
            foreach (var q in r.Quantiles) Cell(sb, NumberFormat.ToPrecision(q, r.McseMean));
            if (hdi is not null)
            {
                Cell(sb, NumberFormat.ToPrecision(hdi[k].Lower, r.McseMean));
                Cell(sb, NumberFormat.ToPrecision(hdi[k].Upper, r.McseMean));
            }
            Cell(sb, NumberFormat.Significant(r.McseMean, 2));
            Cell(sb, NumberFormat.Significant(r.McseSd, 2));
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
