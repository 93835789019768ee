using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// The PostgreSQL configuration builds a silo and a client without a database: membership by ADO.NET clustering and the
/// checkpoints by ADO.NET grain storage, both on Npgsql, with the cluster's ids and endpoints (nothing is started, so
/// nothing connects).
/// </summary>
public sealed class PostgresConfigurationTests
{
    private const string ConnectionString = "Host=db.example;Port=5432;Database=orleans;Username=orleans;Password=secret";

    [Fact]
    public void ASiloGetsPostgresMembershipAndCheckpointStorage()
    {
        using var host = new HostBuilder().UseOrleans(silo => silo
            .UsePostgresCluster(ConnectionString, "prod", "probabilistic", IPAddress.Parse("10.0.0.5"), siloPort: 11112, gatewayPort: 30002)
            .AddProbabilisticModels(ClusterFixture.RegisterTestModels)).Build();
        var services = host.Services;
        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("prod", "probabilistic"), (cluster.ClusterId, cluster.ServiceId));
        var endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal((IPAddress.Parse("10.0.0.5"), 11112, 30002), (endpoints.AdvertisedIPAddress, endpoints.SiloPort, endpoints.GatewayPort));
        var membership = services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value;
        Assert.Equal((PostgresClusterConfiguration.Invariant, ConnectionString), (membership.Invariant, membership.ConnectionString));
        var storage = services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(ClusterConfiguration.CheckpointStorage);
        Assert.Equal((PostgresClusterConfiguration.Invariant, ConnectionString), (storage.Invariant, storage.ConnectionString));
        Assert.IsType<AdoNetGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>(ClusterConfiguration.CheckpointStorage));
        Assert.True(System.Data.Common.DbProviderFactories.TryGetFactory(PostgresClusterConfiguration.Invariant, out var factory));
        Assert.Same(Npgsql.NpgsqlFactory.Instance, factory);
    }

    [Fact]
    public void AClientFindsTheGatewaysInTheSameTable()
    {
        using var host = new HostBuilder().UseOrleansClient(client => client.UsePostgresCluster(ConnectionString, "prod", "probabilistic")).Build();
        var membership = host.Services.GetRequiredService<IOptions<AdoNetClusteringClientOptions>>().Value;
        Assert.Equal((PostgresClusterConfiguration.Invariant, ConnectionString), (membership.Invariant, membership.ConnectionString));
        Assert.Equal("prod", host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
    }

    [Fact]
    public void AMalformedConnectionStringIsRefusedAtConfiguration()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new HostBuilder().UseOrleansClient(client => client.UsePostgresCluster("Host=db;=oops;;x", "prod", "probabilistic")).Build());
        Assert.Contains("connection string is malformed", e.Message);
    }
}
