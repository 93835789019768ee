using Probabilistic.Distributed.Tests.Cluster;
using Probabilistic.Examples.Cluster;

namespace Probabilistic.Distributed.Tests.Islands;

/// <summary>The cluster example's island section's model, registered on the test cluster's silos.</summary>
public sealed class IslandSectionModels : IClusterTestModels
{
    /// <inheritdoc />
    public void Register(ModelCatalog catalog) => IslandSection.Register(catalog);
}

/// <summary>The cluster example's island section runs on the test cluster and prints what it promises.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IslandSectionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PrintsTheLogEvidenceItsErrorAndEveryIslandsSilo()
    {
        var output = new StringWriter();
        await IslandSection.RunAsync(fixture.Cluster.Client, output).WaitAsync(TimeSpan.FromMinutes(3));
        string text = output.ToString();
        Assert.Contains("log evidence", text);
        Assert.Contains("Kalman filter", text);
        for (int b = 0; b < 6; b++) Assert.Contains($"island {b}: ", text);
    }
}
