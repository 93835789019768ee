using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Results;

public class PosteriorTests
{
    // Two chains of three draws; columns mu (scalar), theta[1], theta[2] (a vector choice).
    internal static readonly PosteriorColumn[] Columns =
        [PosteriorColumn.Scalar("mu"), PosteriorColumn.Element("theta", 0), PosteriorColumn.Element("theta", 1)];

    internal static double[][][] Draws() =>
    [
        [[1.0, 10, 100], [2, 20, 200], [3, 30, 300]],
        [[4.0, 40, 400], [5, 50, 500], [6, 60, 600]],
    ];

    [Fact]
    public void DrawsAreFoundByNameByAddressAndPerChain()
    {
        var p = new Posterior(Columns, Draws());
        Assert.Equal(2, p.Chains);
        Assert.Equal(3, p.Draws);
        Assert.Equal(["mu", "theta[1]", "theta[2]"], p.Columns.Select(c => c.Name));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], p["mu"]);
        Assert.Equal([10.0, 20, 30, 40, 50, 60], p["theta[1]"]);
        Assert.Equal([100.0, 200, 300, 400, 500, 600], p.Values("theta", 1));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], p.Values("mu"));
        var chains = p.Chain("theta[2]");
        Assert.Equal([400.0, 500, 600], chains[1]);
    }

    [Fact]
    public void ScalarColumnsAreFoundByTheirAddressEvenWhenNamedOtherwise()
    {
        var p = new Posterior([new PosteriorColumn("school_mu", Address.Of("school", "mu"), -1)], [[[1.0]], [[2.0]]]);
        Assert.Equal([1.0, 2.0], p["school/mu"]);
        Assert.Equal([1.0, 2.0], p["school_mu"]);
    }

    [Fact]
    public void TheConstructorCopiesItsInput()
    {
        var draws = Draws();
        var p = new Posterior(Columns, draws);
        draws[0][0][0] = -99;
        Assert.Equal(1.0, p["mu"][0]);
        p.Chain("mu")[0][0] = -99;
        Assert.Equal(1.0, p["mu"][0]);
    }

    [Fact]
    public void UnknownNamesAndAddressesAreClearErrors()
    {
        var p = new Posterior(Columns, Draws());
        var unknown = Assert.Throws<KeyNotFoundException>(() => p["sigma"]);
        Assert.Contains("no column named 'sigma'", unknown.Message);
        Assert.Contains("mu, theta[1], theta[2]", unknown.Message);
        var vector = Assert.Throws<KeyNotFoundException>(() => p["theta"]);
        Assert.Contains("'theta' is a vector choice", vector.Message);
        var index = Assert.Throws<KeyNotFoundException>(() => p.Values("theta", 5));
        Assert.Contains("index 5", index.Message);
        var scalar = Assert.Throws<KeyNotFoundException>(() => p.Values("mu", 0));
        Assert.Contains("is a scalar", scalar.Message);
        var address = Assert.Throws<KeyNotFoundException>(() => p.Values("tau"));
        Assert.Contains("no choice at address 'tau'", address.Message);
    }

    [Fact]
    public void RaggedOrMismatchedDrawsAreRejectedNamingWhereTheyAre()
    {
        var ragged = Assert.Throws<ArgumentException>(() => new Posterior(Columns, [Draws()[0], Draws()[1][..2]]));
        Assert.Contains("chain 1 has 2 draws but chain 0 has 3", ragged.Message);
        var width = Draws();
        width[1][2] = [1.0, 2.0];
        var short_ = Assert.Throws<ArgumentException>(() => new Posterior(Columns, width));
        Assert.Contains("chain 1, draw 2 has 2 values but there are 3 columns", short_.Message);
        Assert.Contains("no chains", Assert.Throws<ArgumentException>(() => new Posterior(Columns, [])).Message);
        Assert.Contains("chain 0 has no draws", Assert.Throws<ArgumentException>(() => new Posterior(Columns, [[]])).Message);
        var duplicate = Assert.Throws<ArgumentException>(() => new Posterior([PosteriorColumn.Scalar("mu"), PosteriorColumn.Scalar("mu")], [[[1.0, 2.0]]]));
        Assert.Contains("columns 0 and 1 are both named 'mu'", duplicate.Message);
        var statistics = Assert.Throws<ArgumentException>(() => new Posterior(Columns, Draws(), [new DrawStatistics[3]]));
        Assert.Contains("statistics are given for 1 chains but there are 2", statistics.Message);
        var statisticsLength = Assert.Throws<ArgumentException>(() => new Posterior(Columns, Draws(), [new DrawStatistics[3], new DrawStatistics[2]]));
        Assert.Contains("chain 1 has statistics for 2 draws but 3 draws", statisticsLength.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Posterior(Columns, Draws(), maxTreeDepth: 0));
    }

    [Fact]
    public void ColumnsAreNamedStanStyle()
    {
        Assert.Equal(new PosteriorColumn("theta[1]", "theta", 0), PosteriorColumn.Element("theta", 0));
        Assert.Equal(new PosteriorColumn("school/mu", Address.Of("school", "mu"), -1), PosteriorColumn.Scalar(Address.Of("school", "mu")));
        Assert.Throws<ArgumentOutOfRangeException>(() => PosteriorColumn.Element("theta", -1));
    }
}
