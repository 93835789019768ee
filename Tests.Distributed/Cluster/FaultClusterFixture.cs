using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// A three-silo cluster of its own for the fault tests (a silo is killed; other tests must not see it): checkpoints in
/// one <see cref="InProcessGrainStorage"/> all silos share (as a database, it outlives any silo), which fails every write
/// of a grain whose key contains <see cref="FailingMarker"/>; failure detection and response timeouts are short, so a
/// dead silo is noticed in seconds.
/// </summary>
public sealed class FaultClusterFixture : IAsyncLifetime
{
    /// <summary>Grains whose key contains this cannot write their checkpoints.</summary>
    public const string FailingMarker = "storage-fails";

    internal static readonly InProcessGrainStorage.Store Store = new();

    /// <summary>The running cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync().WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddGrainStorage(ClusterConfiguration.CheckpointStorage,
                (sp, _) => new FailingStorage(new InProcessGrainStorage(sp.GetRequiredService<Serializer>(), Store)));
            siloBuilder.AddProbabilisticModels(ClusterFixture.RegisterTestModels);
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddProbabilisticModels(ClusterFixture.RegisterTestModels)
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
    }

    /// <summary>Grain storage whose writes fail for the grains marked <see cref="FailingMarker"/> (a database refusing them).</summary>
    private sealed class FailingStorage(IGrainStorage inner) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            grainId.ToString().Contains(FailingMarker, StringComparison.Ordinal)
                ? throw new IOException($"disk full (test storage refusing {grainId})")
                : inner.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }
}

/// <summary>The collection that shares one <see cref="FaultClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class FaultClusterCollection : ICollectionFixture<FaultClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Orleans cluster with faults";
}
