using System.Data.Common;
using System.Net;
using Orleans.Configuration;

namespace Probabilistic.Distributed;

/// <summary>
/// A real cluster on PostgreSQL: the membership table (which silos are alive, ADO.NET clustering) and the chains'
/// checkpoints (ADO.NET grain storage <see cref="ClusterConfiguration.CheckpointStorage"/>) in one database. Create the
/// tables first with Orleans' scripts for PostgreSQL (PostgreSQL-Main.sql, PostgreSQL-Clustering.sql,
/// PostgreSQL-Persistence.sql, from github.com/dotnet/orleans, src/AdoNet/…, at the tag of the Orleans version used; see the README).
/// </summary>
public static class PostgresClusterConfiguration
{
    /// <summary>The ADO.NET invariant name of Npgsql, the PostgreSQL provider.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Configures a silo of cluster <paramref name="clusterId"/> (service <paramref name="serviceId"/>): membership and
    /// checkpoints in the PostgreSQL database of <paramref name="connectionString"/>, listening on
    /// <paramref name="siloPort"/> (silo-to-silo) and <paramref name="gatewayPort"/> (clients) and advertising
    /// <paramref name="advertisedAddress"/> to the others.
    /// </summary>
    public static ISiloBuilder UsePostgresCluster(this ISiloBuilder builder, string connectionString, string clusterId, string serviceId,
        IPAddress advertisedAddress, int siloPort = 11111, int gatewayPort = 30000)
    {
        Check(connectionString, clusterId, serviceId);
        ArgumentNullException.ThrowIfNull(advertisedAddress);
        RegisterProvider();
        return builder
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = serviceId; })
            .ConfigureEndpoints(advertisedAddress, siloPort, gatewayPort, listenOnAnyHostAddress: true)
            .UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; })
            .AddAdoNetGrainStorage(ClusterConfiguration.CheckpointStorage, o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
    }

    /// <summary>Configures a client of the cluster: it finds the gateways in the membership table of <paramref name="connectionString"/>'s database.</summary>
    public static IClientBuilder UsePostgresCluster(this IClientBuilder builder, string connectionString, string clusterId, string serviceId)
    {
        Check(connectionString, clusterId, serviceId);
        RegisterProvider();
        return builder
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = serviceId; })
            .UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
    }

    private static void Check(string connectionString, string clusterId, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The PostgreSQL connection string is malformed: {e.Message}", nameof(connectionString), e);
        }
    }

    // Orleans finds the provider by its invariant name; registering it makes that independent of assembly probing.
    private static void RegisterProvider()
    {
        if (!DbProviderFactories.TryGetFactory(Invariant, out _))
            DbProviderFactories.RegisterFactory(Invariant, Npgsql.NpgsqlFactory.Instance);
    }
}
