using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Probabilistic.Distributed;

/// <summary>
/// A cluster of silos in this process, on the loopback address only (localhost clustering, each silo on its own free
/// ports), with a connected client: for examples, benchmarks and trying things. Checkpoints go to one
/// <see cref="InProcessGrainStorage"/> all silos share, so stopping a silo loses nothing its chains wrote.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly IHost?[] _silos;
    private readonly ClusterConnection _connection;

    private LocalCluster(IHost?[] silos, ClusterConnection connection, IReadOnlyList<IPEndPoint> endpoints)
    {
        _silos = silos;
        _connection = connection;
        SiloEndpoints = endpoints;
    }

    /// <summary>The client, connected to every silo's gateway.</summary>
    public IClusterClient Client => _connection.Client;

    /// <summary>Each silo's address (loopback, its silo port), silo 0 first (the one the others join).</summary>
    public IReadOnlyList<IPEndPoint> SiloEndpoints { get; }

    /// <summary>
    /// Starts <paramref name="silos"/> silos registering <paramref name="models"/> (and a client registering them too), with
    /// the draw stream; <paramref name="configureSilo"/> adds to each silo's configuration.
    /// </summary>
    /// <exception cref="ClusterUnreachableException">The client could not connect within <paramref name="timeout"/>.</exception>
    public static async Task<LocalCluster> StartAsync(int silos, Action<ModelCatalog> models, Action<ISiloBuilder>? configureSilo = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentNullException.ThrowIfNull(models);
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        string clusterId = "local-" + Guid.NewGuid().ToString("N")[..8];
        var ports = FreePorts(2 * silos);
        var store = new InProcessGrainStorage.Store();
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        var hosts = new List<IHost>();
        try
        {
            for (int i = 0; i < silos; i++)
            {
                int siloPort = ports[2 * i], gatewayPort = ports[2 * i + 1];
                hosts.Add(new HostBuilder().UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId: clusterId, clusterId: clusterId);
                    silo.AddInProcessGrainStorage(ClusterConfiguration.CheckpointStorage, store);
                    silo.AddProbabilisticModels(models);
                    silo.AddProbabilisticDrawStream();
                    configureSilo?.Invoke(silo);
                }).Build());
            }
            // Silo 0 first (the others join it), then the others together.
            await hosts[0].StartAsync(cancellationToken).WaitAsync(limit, cancellationToken);
            await Task.WhenAll(hosts.Skip(1).Select(h => h.StartAsync(cancellationToken))).WaitAsync(limit, cancellationToken);
            var gateways = Enumerable.Range(0, silos).Select(i => new IPEndPoint(IPAddress.Loopback, ports[2 * i + 1])).ToArray();
            var connection = await ClusterConnection.ConnectAsync(gateways, models, limit, clusterId, clusterId,
                client => client.AddProbabilisticDrawStream(), cancellationToken);
            return new LocalCluster(hosts.ToArray(), connection, Enumerable.Range(0, silos).Select(i => new IPEndPoint(IPAddress.Loopback, ports[2 * i])).ToArray());
        }
        catch
        {
            foreach (var h in hosts) await Stop(h);
            throw;
        }
    }

    /// <summary>Stops silo <paramref name="index"/> gracefully (its grains reactivate on the others when next called).</summary>
    public async Task StopSiloAsync(int index)
    {
        if (_silos[index] is { } host)
        {
            _silos[index] = null;
            await Stop(host);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        for (int i = _silos.Length - 1; i >= 0; i--) await StopSiloAsync(i);
    }

    private static async Task Stop(IHost host)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StopAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Took too long to stop gracefully: disposed below all the same.
        }
        host.Dispose();
    }

    // Free loopback ports, asked of the OS (so that two local clusters, or another program, never collide).
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }
}
