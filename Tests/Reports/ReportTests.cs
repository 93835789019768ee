using System.Text.RegularExpressions;
using Probabilistic.Reports;
using Xunit;

namespace Probabilistic.Tests.Reports;

public class ReportTests
{
    private static int Images(string html) => Regex.Matches(html, "<img [^>]*src=\"data:image/png;base64,").Count + Regex.Matches(html, "<svg").Count;

    [Fact]
    public void PosteriorReportHasTheSummaryValuesWarningsAndEveryPlot()
    {
        var posterior = ReportFixtures.Posterior();
        var report = Report.For(posterior, "Test posterior");
        var html = report.ToHtml();
        var summary = posterior.Summary();
        foreach (var row in summary.Rows)
        {
            Assert.Contains($"<th>{row.Name}</th>", html);
            Assert.Contains($"<td>{SummaryHtml.Number(row.Mean)}</td>", html);
            Assert.Contains($"<td>{SummaryHtml.Number(row.Sd)}</td>", html);
            Assert.Contains($"<td>{SummaryHtml.Number(row.Quantiles[1])}</td>", html);
        }
        // forest + 3 columns × (trace, rank, density) + pair + energy.
        Assert.Equal(1 + 3 * 3 + 1 + 1, report.PlotCount);
        Assert.Equal(report.PlotCount, Images(html));
        Assert.Contains("<div class=\"warnings\">", html);
        Assert.Contains("3 of 400 (0.75%) transitions ended with a divergence.", html);
        Assert.DoesNotContain("src=\"out/", html); // self-contained
    }

    [Fact]
    public void EmbeddedPngsDecodeToTheirDeclaredSize()
    {
        var html = new Report("one plot").AddPlot("trace", Plots.Trace(ReportFixtures.Posterior(), "mu"), width: 300, height: 200).ToHtml();
        var base64 = Regex.Match(html, "base64,([^\"]+)\"").Groups[1].Value;
        PngImage.AssertPng(Convert.FromBase64String(base64), 300, 200);
    }

    [Fact]
    public void SvgPlotsAreInlined()
    {
        var html = new Report("svg").AddPlot("trace", Plots.Trace(ReportFixtures.Posterior(), "mu"), EmbeddedImageFormat.Svg).ToHtml();
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<?xml", html);
    }

    [Fact]
    public void HighRhatIsAWarningAndTheRowIsMarked()
    {
        // Two chains centred 3 sds apart: R-hat far above 1.01.
        var rng = new Rng(1);
        Address a = "a";
        var draws = new double[2][][];
        for (int c = 0; c < 2; c++) draws[c] = Enumerable.Range(0, 100).Select(_ => new[] { 3.0 * c + rng.NextGaussian() }).ToArray();
        var html = Report.For(new Probabilistic.Inference.Posterior([Probabilistic.Inference.PosteriorColumn.Scalar(a)], draws, sampler: "MH"), "bad").ToHtml();
        Assert.Contains("R-hat above 1.01 for a", html);
        Assert.Contains("<tr class=\"bad\"><th>a</th>", html);
    }

    [Fact]
    public void WeightedSampleReportHasEvidenceQuantitiesAndStepPlots()
    {
        var sample = ReportFixtures.Weighted();
        var report = Report.For(sample, [("x", x => x)], "SMC", ReportFixtures.Steps());
        var html = report.ToHtml();
        Assert.Contains("<td>log evidence</td><td>-1.266</td>", html);
        Assert.Contains($"<td>E[x]</td><td>{SummaryHtml.Number(sample.Expectation(x => x))}</td>", html);
        Assert.Equal(4, report.PlotCount);
        Assert.Equal(4, Images(html));
    }

    [Fact]
    public void VariationalReportHasTheObjectiveCurveAndGuideSummary()
    {
        var report = Report.For(ReportFixtures.Fit(), "SVI", draws: 300);
        var html = report.ToHtml();
        Assert.Contains("60 steps of", html);
        Assert.Contains("<th>z</th>", html);
        Assert.Equal(report.PlotCount, Images(html));
        Assert.Equal(3, report.PlotCount); // objective, forest, density of z
    }

    [Fact]
    public void WriteCreatesTheFolderAndEncodesText()
    {
        var path = Path.Combine(Path.GetTempPath(), "probabilistic-tests", Guid.NewGuid().ToString("N"), "r.html");
        new Report("a < b").AddParagraph("x & y").Write(path);
        var html = File.ReadAllText(path);
        Assert.Contains("<h1>a &lt; b</h1>", html);
        Assert.Contains("<p>x &amp; y</p>", html);
    }

    [Fact]
    public void BadTableRowIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Report("t").AddTable(["a", "b"], [new[] { "1" }]));
        Assert.Equal("rows", e.ParamName);
    }
}
