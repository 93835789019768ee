using Microsoft.DotNet.Interactive.Formatting;
using Probabilistic.Reports;
using Xunit;

namespace Probabilistic.Tests.Reports;

public class NotebookFormattersTests
{
    [Fact]
    public void PosteriorSummaryAndPlotFormatAsHtml()
    {
        NotebookFormatters.Register();
        NotebookFormatters.Register(); // idempotent
        var posterior = ReportFixtures.Posterior();
        var html = posterior.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("<table class=\"summary\">", html);
        Assert.Contains("<th>theta[2]</th>", html);
        Assert.Contains("2 chain(s) × 200 draws from NUTS", html);
        Assert.Contains("transitions ended with a divergence", html);
        Assert.Contains("data:image/png;base64,", html);

        var summaryHtml = posterior.Summary().ToDisplayString(HtmlFormatter.MimeType);
        Assert.StartsWith("<table class=\"summary\">", summaryHtml);
        var mu = posterior.Summary()["mu"];
        Assert.Contains($"<td>{NumberFormat.ToPrecision(mu.Mean, mu.McseMean)}</td>", summaryHtml);
        Assert.Contains("<th>hdi_5%</th>", html);

        var mixed = ReportFixtures.Mixed().ToDisplayString(HtmlFormatter.MimeType);
        Assert.DoesNotContain("<th>z[1]</th>", mixed); // the default variables, not 40 assignment rows
        Assert.Contains("Showing w, tau, k (3 of 43 columns)", mixed);

        var plotHtml = Plots.Trace(posterior, "mu").ToDisplayString(HtmlFormatter.MimeType);
        Assert.StartsWith("<img alt=\"plot\"", plotHtml);
        Assert.Contains("data:image/png;base64,", plotHtml);

        var sampleHtml = ReportFixtures.Weighted().ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("<tr><th>particles</th><td>1000</td></tr>", sampleHtml);
        Assert.Contains("<tr><th>log evidence</th><td>-1.266 ± 0.01</td></tr>", sampleHtml);

        var fitHtml = ReportFixtures.Fit().ToDisplayString(HtmlFormatter.MimeType);
        Assert.StartsWith("<img alt=\"objective", fitHtml);
    }
}
