using System.Text.Json;
using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Results;

public class PosteriorJsonTests
{
    private static Posterior Sample() => new(
        [PosteriorColumn.Scalar(Address.Of("school", 3, "mu")), PosteriorColumn.Element("theta", 0), new PosteriorColumn("tau", "tau", -1)],
        [[[0.1, Math.PI, double.NaN], [1e-300, -2.5, double.PositiveInfinity]], [[double.NegativeInfinity, 1.0 / 3, 7], [8, 9, 10]]],
        [
            [new(-1.1, 0.9, 0.3, 4, 15, false, 3.3), new(-1.2, 0.8, 0.3, 5, 31, true, 3.4)],
            [new(-2.1, 0.7, 0.4, 2, 3, false, 4.3), new(-2.2, 0.6, 0.4, 3, 7, false, 4.4)],
        ],
        maxTreeDepth: 8, sampler: "HMC");

    [Fact]
    public void RoundTripsExactly()
    {
        var p = Sample();
        var q = Posterior.FromJson(p.ToJson());
        Assert.Equal(p.Columns, q.Columns);
        Assert.Equal((p.Chains, p.Draws, p.MaxTreeDepth, p.Sampler), (q.Chains, q.Draws, q.MaxTreeDepth, q.Sampler));
        foreach (var column in p.Columns)
            Assert.Equal(p.Chain(column.Name), q.Chain(column.Name)); // Equal on doubles is exact, NaN equal to NaN
        Assert.Equal(p.Statistics!.Select(c => c.ToArray()), q.Statistics!.Select(c => c.ToArray()));
        var again = new StringWriter();
        q.WriteJson(again);
        Assert.Equal(p.ToJson(), again.ToString());
    }

    [Fact]
    public void TheLayoutIsTheDocumentedOne()
    {
        var root = JsonDocument.Parse(Sample().ToJson()).RootElement;
        Assert.Equal("HMC", root.GetProperty("sampler").GetString());
        var column = root.GetProperty("columns")[0];
        Assert.Equal("school/3/mu", column.GetProperty("name").GetString());
        Assert.Equal("[\"school\",3,\"mu\"]", column.GetProperty("address").GetRawText());
        Assert.Equal(-1, column.GetProperty("index").GetInt32());
        var chain = root.GetProperty("chains")[0];
        Assert.Equal("[\"NaN\",\"Infinity\"]", chain.GetProperty("draws").GetProperty("tau").GetRawText());
        Assert.Equal("[0,1]", chain.GetProperty("statistics").GetProperty("divergent__").GetRawText());
        Assert.Equal("[15,31]", chain.GetProperty("statistics").GetProperty("n_leapfrog__").GetRawText());
    }

    [Fact]
    public void WithoutStatisticsRoundTrips()
    {
        var p = new Posterior(PosteriorTests.Columns, PosteriorTests.Draws(), sampler: "MH");
        var q = Posterior.ReadJson(new StringReader(p.ToJson()));
        Assert.Null(q.Statistics);
        Assert.Equal(p["theta[2]"], q["theta[2]"]);
        Assert.Contains("\"statistics\":null", p.ToJson());
    }

    [Fact]
    public void MalformedDocumentsNameWhatIsWrong()
    {
        Assert.Contains("not valid JSON", Assert.Throws<FormatException>(() => Posterior.FromJson("{")).Message);
        Assert.Contains("'columns' is missing", Assert.Throws<FormatException>(() => Posterior.FromJson("{\"chains\":[]}")).Message);
        var json = Sample().ToJson().Replace("\"tau\":[\"NaN\",\"Infinity\"]", "\"tau\":[1]");
        Assert.Contains("chains[0].draws.tau has 1 draws", Assert.Throws<FormatException>(() => Posterior.FromJson(json)).Message);
        var missing = Sample().ToJson().Replace("\"tau\":[\"NaN\",\"Infinity\"]", "\"sigma\":[1,2]");
        Assert.Contains("'chains[0].draws.tau' is missing", Assert.Throws<FormatException>(() => Posterior.FromJson(missing)).Message);
        var text = Sample().ToJson().Replace("\"tau\":[\"NaN\",\"Infinity\"]", "\"tau\":[\"x\",2]");
        Assert.Contains("chains[0].draws.tau", Assert.Throws<FormatException>(() => Posterior.FromJson(text)).Message);
    }
}
