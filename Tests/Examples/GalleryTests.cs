using Xunit;

namespace Probabilistic.Tests.Examples;

public class GalleryTests
{
    private static string RunExample(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var dir = Path.Combine(Path.GetTempPath(), "probabilistic-tests", Guid.NewGuid().ToString("N"));
        int code = Probabilistic.Examples.Program.Run([.. args, "--out", dir], output, error);
        Assert.True(code == 0, error.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "report.md")));
        return output.ToString();
    }

    [Fact]
    public void BurglaryPrintsTheExactAnswer() =>
        Assert.Contains("P(burglary | johnCalls, maryCalls) = 0.284172", RunExample("burglary", "--quick"));

    [Fact]
    public void CoinFlipPrintsThePosterior() =>
        Assert.Contains("P(bias = 0.7 | 7 heads of 10) = 0.522982", RunExample("coinflip", "--quick", "--quiet"));

    [Fact]
    public void HmmMatchesTheKalmanFilterOnSharedData()
    {
        // The example's Kalman filter reproduces the exact reference of shared/data/hmm_gauss_T50.json.
        var data = Probabilistic.Tests.Data.SharedData.Json("hmm_gauss_T50.json");
        var y = data.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var reference = data.GetProperty("reference");
        var exact = Probabilistic.Examples.Gallery.KalmanFilter.Run(y, 1, 1, 1);
        Assert.Equal(reference.GetProperty("log_marginal_likelihood").GetDouble(), exact.LogMarginalLikelihood, 1e-9);
        Assert.Equal(reference.GetProperty("last_state_post_mean").GetDouble(), exact.LastMean, 1e-9);
        Assert.Equal(reference.GetProperty("last_state_post_sd").GetDouble(), exact.LastSd, 1e-9);
        Assert.Contains("log evidence: SMC", RunExample("hmm", "--quick"));
    }

    [Fact]
    public void EightSchoolsPrintsTheSummaryTableAndWritesCmdStanCsv()
    {
        var text = RunExample("eightschools", "--quick", "--quiet");
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
    public void UnknownExampleFails()
    {
        var error = new StringWriter();
        Assert.Equal(2, Probabilistic.Examples.Program.Run(["nope"], new StringWriter(), error));
        Assert.Contains("unknown example", error.ToString());
    }
}
