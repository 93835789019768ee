using Orleans.TestingHost;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// An in-process Orleans cluster of three silos (Orleans.TestingHost), shared by the tests of one collection: grain
/// storage "checkpoints" is in memory, so a chain's checkpoint outlives the silo that wrote it.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The running cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddMemoryGrainStorage("checkpoints");
    }
}

/// <summary>The collection that shares one <see cref="ClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Orleans cluster";
}
