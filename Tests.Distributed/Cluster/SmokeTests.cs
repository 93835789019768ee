using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Distributed.Tests.Cluster;

// Throwaway: proves the fixture's silos start with a catalog. The cluster helper replaces it with real tests.
public interface ICatalogProbeGrain : IGrainWithIntegerKey { Task<string[]> Names(); }
public sealed class CatalogProbeGrain(ModelCatalog catalog) : Grain, ICatalogProbeGrain
{
    public Task<string[]> Names() => Task.FromResult(catalog.Names.Order().ToArray());
}

public sealed class SmokeModels : IClusterTestModels
{
    public void Register(ModelCatalog catalog) => catalog.Add("smoke-normal", Sample("x", Normal(0, 1)));
}

[Collection(ClusterCollection.Name)]
public sealed class SmokeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EverySiloHasTheCatalog() =>
        Assert.Contains("smoke-normal", await fixture.Cluster.GrainFactory.GetGrain<ICatalogProbeGrain>(1).Names().WaitAsync(TimeSpan.FromSeconds(60)));
}
