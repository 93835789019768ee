using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Probabilistic.Distributed;

/// <summary>A client connected to a cluster's gateways, with the host that runs it; disposing it disconnects.</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host) => _host = host;

    /// <summary>The connected client (pass it to <see cref="Cluster.Nuts"/>).</summary>
    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// Connects to the cluster whose gateways are <paramref name="gateways"/> (static gateway list; for a membership
    /// table, build the client with <see cref="PostgresClusterConfiguration"/> instead), registering <paramref name="models"/>
    /// on the client. Fails within <paramref name="timeout"/> with a <see cref="ClusterUnreachableException"/> naming the gateways.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(IReadOnlyList<IPEndPoint> gateways, Action<ModelCatalog> models, TimeSpan timeout,
        string clusterId = "dev", string serviceId = "dev", Action<IClientBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        if (gateways.Count == 0) throw new ArgumentException("No gateway given.", nameof(gateways));
        return await ConnectAsync(client =>
        {
            client.UseStaticClustering(gateways.ToArray());
            client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = serviceId; });
            client.AddProbabilisticModels(models);
            configure?.Invoke(client);
        }, $"the gateway(s) {string.Join(", ", gateways)} (cluster '{clusterId}', service '{serviceId}')", timeout, cancellationToken);
    }

    /// <summary>Connects a client configured by <paramref name="configure"/> (which says how it finds the cluster, <paramref name="where"/> in words for errors).</summary>
    public static async Task<ClusterConnection> ConnectAsync(Action<IClientBuilder> configure, string where, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The connection timeout must be positive.");
        var host = new HostBuilder().UseOrleansClient(configure).Build();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await host.StartAsync(limit.Token).WaitAsync(timeout, cancellationToken);
            return new ClusterConnection(host);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietly(host);
            throw new ClusterUnreachableException(
                $"Could not connect to the cluster at {where} within {timeout.TotalSeconds:0.#} s: {e.GetType().Name}: {e.Message}", e);
        }
        catch
        {
            await DisposeQuietly(host);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DisposeQuietly(_host);

    private static async Task DisposeQuietly(IHost host)
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or OrleansException)
        {
            // The client never connected, or the cluster is gone: nothing to say goodbye to.
        }
        host.Dispose();
    }
}
