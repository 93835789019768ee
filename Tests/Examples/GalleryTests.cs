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
    public void UnknownExampleFails()
    {
        var error = new StringWriter();
        Assert.Equal(2, Probabilistic.Examples.Program.Run(["nope"], new StringWriter(), error));
        Assert.Contains("unknown example", error.ToString());
    }
}
