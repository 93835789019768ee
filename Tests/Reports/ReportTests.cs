using System.Text.RegularExpressions;
using Probabilistic.Reports;
using Xunit;

namespace Probabilistic.Tests.Reports;

public class ReportTests
{
    private static int Images(string html) => Regex.Matches(html, "<img [^>]*src=\"data:image/png;base64,").Count + Regex.Matches(html, "<svg").Count;

    private static string[] Captions(string html) => Regex.Matches(html, "<figcaption>([^<]*)</figcaption>").Select(m => m.Groups[1].Value).ToArray();

    private static string[] ImageData(string html) => Regex.Matches(html, "base64,([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();

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
            Assert.Contains($"<td>{NumberFormat.ToPrecision(row.Mean, row.McseMean)}</td>", html);
            Assert.Contains($"<td>{NumberFormat.ToPrecision(row.Sd, row.McseSd)}</td>", html);
            Assert.Contains($"<td>{NumberFormat.ToPrecision(row.Quantiles[1], row.McseMean)}</td>", html);
        }
        Assert.Contains("<th>hdi_5%</th><th>hdi_95%</th>", html);
        // Default variables mu (a scalar) and theta (2 elements): forest + mu's trace, rank, density, autocorrelation,
        // MCSE + ESS evolution + energy (one continuous scalar: no pair matrix).
        Assert.Equal(1 + 5 + 1 + 1, report.PlotCount);
        Assert.Equal(report.PlotCount, Images(html));
        Assert.Contains("<div class=\"warnings\">", html);
        Assert.Contains("3 of 400 (0.75%) transitions ended with a divergence.", html);
        Assert.DoesNotContain("src=\"out/", html); // self-contained
    }

    [Fact]
    public void ChosenVariablesAreDetailedInTheirOrderAndNoFigureRepeats()
    {
        var report = Report.For(ReportFixtures.Posterior(), "chosen", vars: ["theta[2]", "mu"]);
        var html = report.ToHtml();
        Assert.Contains("<th>theta[2]</th>", html);
        Assert.DoesNotContain("<th>theta[1]</th>", html);
        Assert.True(html.IndexOf("<h2>theta[2]</h2>", StringComparison.Ordinal) < html.IndexOf("<h2>mu</h2>", StringComparison.Ordinal));
        Assert.Contains("<figcaption>pairs of the draws, divergent transitions in red</figcaption>", html);
        // Only theta[2] of theta was chosen: the column left out is named, not the whole variable.
        Assert.Contains("Not shown: theta[1];", html);
        // forest + 2 × 5 + ESS + pairs + energy.
        Assert.Equal(1 + 2 * 5 + 1 + 1 + 1, report.PlotCount);
        var captions = Captions(html);
        Assert.Equal(captions.Length, captions.Distinct().Count());
        var images = ImageData(html);
        Assert.Equal(images.Length, images.Distinct().Count());
    }

    [Fact]
    public void DefaultVariablesLeaveOutLongLatentVectorsAndSayWhichWereLeftOut()
    {
        // Mixed: scalars w, tau, k and z[1..40], a per-observation assignment vector.
        var report = Report.For(ReportFixtures.Mixed(), "mixture");
        var html = report.ToHtml();
        foreach (var name in new[] { "w", "tau", "k" }) Assert.Contains($"<h2>{name}</h2>", html);
        Assert.DoesNotContain("<th>z[1]</th>", html);
        Assert.Contains("Not shown: z (40 columns); choose with vars.", html);
        Assert.Contains("<figcaption>posterior probabilities of k</figcaption>", html); // discrete: a histogram, not a density
        Assert.DoesNotContain("<figcaption>density of k</figcaption>", html);
        var captions = Captions(html);
        Assert.Equal(captions.Length, captions.Distinct().Count());

        var zOnly = Report.For(ReportFixtures.Mixed(), "z", vars: ["z"]).ToHtml();
        Assert.Contains("<th>z[40]</th>", zOnly);
    }

    [Fact]
    public void UnknownVariableIsAnErrorListingTheVariables()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => Report.For(ReportFixtures.Mixed(), "bad", vars: ["sigma"]));
        Assert.Contains("'sigma'", e.Message);
        Assert.Contains("w, tau, k, z (40)", e.Message);
        Assert.Equal("vars", Assert.Throws<ArgumentException>(() => Report.For(ReportFixtures.Mixed(), "bad", vars: ["w", "w"])).ParamName);
    }

    [Fact]
    public void APlotIsShownOnce()
    {
        var posterior = ReportFixtures.Posterior();
        var report = new Report("twice").AddPlot("energy", Plots.Energy(posterior));
        var e = Assert.Throws<ArgumentException>(() => report.AddPlot("energy again", Plots.Energy(posterior)));
        Assert.Contains("already has a plot titled", e.Message);
        Assert.Equal(1, report.PlotCount);
        report.AddPlot("untitled plots are not compared", new ScottPlot.Plot()).AddPlot("another", new ScottPlot.Plot());
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
        // −1.2655 ± 0.01: rounded at the leading digit of 2 × SE (0.02), so two decimals.
        Assert.Contains("<td>log evidence</td><td>-1.27 &#177; 0.01</td>", html);
        double mean = sample.Expectation(x => x), sd = Math.Sqrt(sample.Expectation(x => (x - mean) * (x - mean)));
        Assert.Contains($"<td>E[x]</td><td>{NumberFormat.ToPrecision(mean, sd / Math.Sqrt(1000))}</td>", html);
        Assert.Equal(3, report.PlotCount); // density of x, ESS and log evidence per step
        Assert.Equal(3, Images(html));
    }

    [Fact]
    public void WeightedSampleReportGivesTheEssBeforeTheLastResampling()
    {
        // x ~ N(0, 1) observed once as 4 ~ N(x, 0.1): the weights collapse at that observation and SMC resamples, so
        // the final weights are equal and their ESS is the particle count, 500, which says nothing. The ESS before the
        // resampling is small (the posterior N(3.96, 0.0995²) is 10 sds from most prior draws): reported, and a warning.
        var model = from x in Probabilistic.Model.Sample("x", Probabilistic.Distributions.Dist.Normal(0, 1))
                    from _ in Probabilistic.Model.Observe(Probabilistic.Distributions.Dist.Normal(x, 0.1), 4.0)
                    select x;
        var sample = Probabilistic.Inference.Infer.Smc(model, new Probabilistic.Inference.SmcOptions { Particles = 500, Seed = 1 });
        Assert.Equal(500, sample.EffectiveSampleSize, 6);
        double before = sample.EffectiveSampleSizeBeforeResampling;
        Assert.True(before < 50, $"ESS before resampling {before}");
        var html = Report.For(sample, [("x", x => x.Value)], "resampled").ToHtml();
        Assert.Contains($"<td>effective sample size before the last resampling</td><td>{before.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)}</td>", html);
        Assert.Contains("<td>effective sample size of the final weights</td><td>500</td>", html);
        Assert.Contains("The effective sample size before the last resampling (", html);
        Assert.Contains("is below 10% of the 500 particles", html);
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
