using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Results;

public class PosteriorCsvTests
{
    private static Posterior WithStatistics() => new(
        PosteriorTests.Columns,
        [[[1.5, -0.25, double.NaN], [2, 1e-7, double.PositiveInfinity]], [[3, 4, 5], [6, 7, double.NegativeInfinity]]],
        [
            [new(-7.25, 0.875, 0.5, 2, 3, false, 8.5), new(-6.5, 1, 0.5, 10, 1023, true, 7.125)],
            [new(-1, 0.5, 0.75, 1, 1, false, 2), new(-2, 0.25, 0.75, 3, 7, false, 3)],
        ],
        maxTreeDepth: 10);

    [Fact]
    public void ChainIsWrittenInCmdStansLayout()
    {
        var writer = new StringWriter();
        WithStatistics().WriteCsv(writer, 0);
        var expected = string.Join('\n',
            "# Probabilistic: NUTS draws, chain 1 of 2, in CmdStan's CSV layout",
            "# method = sample (Default)",
            "#   sample",
            "#     num_samples = 2",
            "#     save_warmup = 0 (Default)",
            "#     algorithm = hmc",
            "#       hmc",
            "#         engine = nuts (Default)",
            "#           nuts",
            "#             max_depth = 10",
            "#     num_chains = 1",
            "# id = 1",
            "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,mu,theta.1,theta.2",
            "# Step size = 0.5",
            "-7.25,0.875,0.5,2,3,0,8.5,1.5,-0.25,NaN",
            "-6.5,1,0.5,10,1023,1,7.125,2,1E-07,inf",
            "");
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void WithoutStatisticsTheLayoutIsCmdStansFixedParam()
    {
        var writer = new StringWriter();
        new Posterior(PosteriorTests.Columns, PosteriorTests.Draws(), sampler: "MH").WriteCsv(writer, 1);
        var lines = writer.ToString().Split('\n');
        Assert.Contains("#     algorithm = fixed_param", lines);
        Assert.Contains("# id = 2", lines);
        var data = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        Assert.Equal(["lp__,accept_stat__,mu,theta.1,theta.2", "0,0,4,40,400", "0,0,5,50,500", "0,0,6,60,600"], data);
    }

    [Fact]
    public void WritesOneFilePerChain()
    {
        var directory = Path.Combine(Path.GetTempPath(), "posterior-csv-" + Guid.NewGuid().ToString("N"));
        try
        {
            var p = WithStatistics();
            p.WriteCsv(directory, "output");
            Assert.Equal(["output_1.csv", "output_2.csv"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
            var second = new StringWriter();
            p.WriteCsv(second, 1);
            Assert.Equal(second.ToString(), File.ReadAllText(Path.Combine(directory, "output_2.csv")));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void NamesFollowCmdStan()
    {
        Assert.Equal("theta.1", Posterior.CmdStanName("theta[1]"));
        Assert.Equal("Sigma.1.2", Posterior.CmdStanName("Sigma[1,2]"));
        Assert.Equal("mu", Posterior.CmdStanName("mu"));
    }

    [Fact]
    public void AChainOutOfRangeIsAClearError()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => WithStatistics().WriteCsv(new StringWriter(), 2));
        Assert.Contains("there are 2 chains", e.Message);
    }
}
