using Orleans.TestingHost;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// An in-process Orleans cluster of three silos (Orleans.TestingHost), shared by the tests of one collection: grain
/// storage "checkpoints" is in memory; the silos and the client register every <see cref="IClusterTestModels"/> and the
/// draw stream.
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
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
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
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder
                .AddMemoryGrainStorage(ClusterConfiguration.CheckpointStorage)
                .AddProbabilisticModels(RegisterTestModels)
                .AddProbabilisticDrawStream();
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddProbabilisticModels(RegisterTestModels).AddProbabilisticDrawStream();
    }

    /// <summary>Registers every <see cref="IClusterTestModels"/> implementation of this assembly (in a fixed order).</summary>
    internal static void RegisterTestModels(ModelCatalog catalog)
    {
        foreach (var type in typeof(ClusterFixture).Assembly.GetTypes()
                     .Where(t => typeof(IClusterTestModels).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
            ((IClusterTestModels)Activator.CreateInstance(type)!).Register(catalog);
    }
}

/// <summary>
/// A set of models the test cluster's silos register: every non-abstract implementation in this assembly is created
/// and called on each silo at start-up (so each test file can bring its own models without editing the fixture).
/// </summary>
public interface IClusterTestModels
{
    /// <summary>Adds this set's models.</summary>
    void Register(ModelCatalog catalog);
}

/// <summary>The collection that shares one <see cref="ClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Orleans cluster";
}
