using Xunit;

namespace Probabilistic.Tests.Examples;

public class GalleryTests
{
    internal static string RunExample(params string[] args) => RunExampleIn(Path.Combine(Path.GetTempPath(), "probabilistic-tests", Guid.NewGuid().ToString("N")), args);

    /// <summary>The report an example wrote, after checking that no figure (caption or image) appears twice in it.</summary>
    private static (string Output, string Html) ReportOf(params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "probabilistic-tests", Guid.NewGuid().ToString("N"));
        var output = RunExampleIn(dir, args);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var captions = System.Text.RegularExpressions.Regex.Matches(html, "<figcaption>([^<]*)</figcaption>").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(captions.Length, captions.Distinct().Count());
        var images = System.Text.RegularExpressions.Regex.Matches(html, "base64,([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(images.Length, images.Distinct().Count());
        return (output, html);
    }

    private static string RunExampleIn(string dir, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Probabilistic.Examples.Program.Run([.. args, "--out", dir], output, error);
        Assert.True(code == 0, error.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        Assert.NotEmpty(Directory.GetFiles(dir, "*.png"));
        return output.ToString();
    }

    [Fact]
    public void BurglaryPrintsTheExactAnswer() =>
        Assert.Contains("P(burglary | johnCalls, maryCalls) = 0.284172", RunExample("burglary", "--quick"));

    [Fact]
    public void CoinFlipPrintsThePosterior() =>
        Assert.Contains("P(bias = 0.7 | 7 heads of 10) = 0.522982", RunExample("coinflip", "--quick", "--quiet"));

    [Fact]
    public void HmmMatchesTheKalmanFilterOnItsData()
    {
        // The example's Kalman filter reproduces the exact reference of data/hmm_gauss_T50.json.
        var data = Probabilistic.Tests.Data.RepositoryData.Json("hmm_gauss_T50.json");
        var y = data.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var reference = data.GetProperty("reference");
        var exact = Probabilistic.Examples.Gallery.KalmanFilter.Run(y, 1, 1, 1);
        Assert.Equal(reference.GetProperty("log_marginal_likelihood").GetDouble(), exact.LogMarginalLikelihood, 1e-9);
        Assert.Equal(reference.GetProperty("last_state_post_mean").GetDouble(), exact.LastMean, 1e-9);
        Assert.Equal(reference.GetProperty("last_state_post_sd").GetDouble(), exact.LastSd, 1e-9);
        var (text, html) = ReportOf("hmm", "--quick");
        Assert.Contains("log evidence: SMC", text);
        Assert.Contains("<td>effective sample size of the final weights</td>", html);
        Assert.Contains("log evidence per step, the exact value dashed", html);
    }

    [Fact]
    public void EightSchoolsPrintsTheSummaryTableAndWritesCmdStanCsv()
    {
        var (text, html) = ReportOf("eightschools", "--quick", "--quiet");
        // The report details mu and tau (not the first columns, theta_trans[1..]) and has a posterior predictive check.
        Assert.Contains("<h2>mu</h2>", html);
        Assert.Contains("<h2>tau</h2>", html);
        Assert.DoesNotContain("<h2>theta_trans[1]</h2>", html);
        Assert.Contains("<th>hdi_5%</th>", html);
        Assert.Contains("<h2>Posterior predictive checks</h2>", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<figcaption>energy</figcaption>"));
        Assert.Contains("ess_bulk", text);
        Assert.Contains("theta_trans[8]", text);
        Assert.Contains("tau", text);
    }

    [Fact]
    public void VariationalRegressionPrintsItsComparisonTable()
    {
        var text = RunExample("vi", "--quick", "--quiet");
        Assert.Contains("| beta[1] |", text);
        Assert.Contains("Rényi", text);
    }

    [Fact]
    public void BurglaryAlsoRunsSmcAndWritesItsPlots()
    {
        var dir = Path.Combine(Path.GetTempPath(), "probabilistic-tests", Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        Assert.Equal(0, Probabilistic.Examples.Program.Run(["burglary", "--quick", "--quiet", "--out", dir], output, new StringWriter()));
        Assert.Contains("SMC (20000 particles): P(burglary) = ", output.ToString());
        foreach (var png in new[] { "exact.png", "smc_ess.png", "smc_log_evidence.png" }) Assert.True(File.Exists(Path.Combine(dir, png)), png);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<td>P(burglary | evidence)</td><td>0.284172</td>", html); // exact, six significant digits
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "data:image/png;base64,").Count);
    }

    [Fact]
    public void LinearRegressionComparesNutsAndSviOnLinregN100()
    {
        // linreg_N100's reference posterior mean of β₂ is about −2 with sd 0.09: NUTS's mean lies in [−2.2, −1.8).
        var text = RunExample("linreg", "--quick");
        Assert.Contains("data: data/linreg_N100.json", text);
        Assert.Matches(@"\| beta\[2\] \| -(1\.[89]|2\.[01])\d* \(", text);
    }

    [Fact]
    public void MixtureRecoversTheComponentMeans()
    {
        var (text, html) = ReportOf("mixture", "--quick", "--quiet");
        // The report shows the parameters, not 60 assignment rows.
        Assert.Contains("<th>sigma</th>", html);
        Assert.DoesNotContain("<th>y[1].z</th>", html);
        Assert.Contains("Not shown: y.z (60 columns)", html);
        var m = System.Text.RegularExpressions.Regex.Match(text, @"mu1 = (-?[\d.]+) \(true -3\), mu2 = (-?[\d.]+)");
        Assert.True(m.Success, text);
        // NUTS with enumeration, compared with Gibbs by min-ESS/s.
        Assert.Matches(@"min-ESS/s over \(w, mu1, delta, sigma\): NUTS with enumeration .*/s; Gibbs .*/s; ratio", text);
        // The posterior means are compared with the data's own component means, not with the generating −3 and 3 (the data's
        // means scatter around those by 1/√n₁ ≈ 0.25, a spread that belongs to the stream, not to the sampler). The example's
        // quick data: 60 points from seed 20261125 (Examples' default). Components at ±3 with σ = 1 are split by the sign
        // (a point crosses 0 with probability Φ(−3) = 0.13%), the prior Normal(0, 10) moves the mean by under 0.01, so the
        // posterior mean of μ₁ is ȳ₁ up to its Monte Carlo error: posterior sd 1/√n₁ ≈ 0.25 over an ESS of at least 50
        // (2 chains × 100 draws) gives an MCSE under 0.04, and 0.2 is 5 MCSE (measured |mean − ȳ₁| ≤ 0.12 per chain over
        // 20 seeds on two streams).
        var y = Probabilistic.Examples.Gallery.GaussianMixtureModel.Simulate(60, 20261125);
        double low = y.Where(v => v < 0).Average(), high = y.Where(v => v >= 0).Average();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.InRange(double.Parse(m.Groups[1].Value, inv), low - 0.2, low + 0.2);
        Assert.InRange(double.Parse(m.Groups[2].Value, inv), high - 0.2, high + 0.2);
    }

    [Fact]
    public void ChangePointFindsTheSwitch()
    {
        var text = RunExample("changepoint", "--quick", "--quiet");
        var m = System.Text.RegularExpressions.Regex.Match(text, @"posterior mode tau = (\d+) \(true (\d+)\)");
        Assert.True(m.Success, text);
        Assert.Matches(@"min-ESS/s over \(early_rate, late_rate\): NUTS with enumeration .*/s; Gibbs .*/s; ratio", text);
        Assert.InRange(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value) - 5, int.Parse(m.Groups[2].Value) + 5);
    }

    [Fact]
    public void ListShowsEveryExample()
    {
        var output = new StringWriter();
        Assert.Equal(0, Probabilistic.Examples.Program.Run(["list"], output, new StringWriter()));
        foreach (var name in new[] { "coinflip", "burglary", "hmm", "eightschools", "linreg", "vi", "mixture", "changepoint", "vae" })
            Assert.Contains($"  {name} ", output.ToString());
    }

    [Fact]
    public void UnknownExampleFails()
    {
        var error = new StringWriter();
        Assert.Equal(2, Probabilistic.Examples.Program.Run(["nope"], new StringWriter(), error));
        Assert.Contains("unknown example", error.ToString());
    }
}
