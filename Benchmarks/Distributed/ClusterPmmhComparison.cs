using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Probabilistic.Distributed;
using Probabilistic.Distributed.OuterLoops;
using Probabilistic.Inference;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Benchmarks.Distributed;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- cluster-pmmh [--repeats N]</c>: PMMH with 4 chains of a
/// linear-Gaussian state-space model (drift q, T = 40 observations, 100 particles, 100 burn-in + 300 kept transitions),
/// on one machine (the four chains on four tasks, as a user would run them) against the same chains on a cluster of three
/// silos in this process (loopback ports 22111–22113, gateways 32000–32002) (<see cref="ClusterParticleMcmc.Pmmh{T}"/>: segments of 100 transitions, a checkpoint after each, in
/// memory grain storage). Both give the same draws (checked); the sides are interleaved (A B A B) and each reports min and median.
/// </summary>
public static class ClusterPmmhComparison
{
    private const string Name = "benchmark-drift";
    private static readonly double[] Ys = Enumerable.Range(0, 40).Select(t => Math.Sin(t / 5.0) + 0.3).ToArray();

    private static Model<double> Drift() =>
        from q in Sample("q", Normal(0, 1))
        from last in Fold("x", Ys.Length, 0.0, (prev, t) =>
            from x in Sample("x", Normal(q + 0.5 * prev, 1))
            from _ in Observe(Normal(x, 0.5), Ys[t])
            select x.Value)
        select last;

    public static int Run(string[] args)
    {
        int repeats = args.Length > 1 && args[0] == "--repeats" ? int.Parse(args[1]) : 5;
        const int chains = 4;
        var options = new PmmhOptions { Samples = 300, BurnIn = 100, Particles = 100, Seed = 3 };
        // Three silos and a client in this process, on loopback ports (localhost clustering, silo 0 the primary).
        var silos = Enumerable.Range(0, 3).Select(i => Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo => silo
                .UseLocalhostClustering(22111 + i, 32000 + i, new IPEndPoint(IPAddress.Loopback, 22111))
                .AddMemoryGrainStorage(ClusterConfiguration.CheckpointStorage)
                .AddProbabilisticModels(catalog => catalog.Add(Name, Drift())))
            .Build()).ToArray();
        foreach (var silo in silos) silo.StartAsync().WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        var clientHost = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient(client => client.UseLocalhostClustering([32000, 32001, 32002]))
            .Build();
        clientHost.StartAsync().WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        var clusterClient = clientHost.Services.GetRequiredService<IClusterClient>();
        try
        {
            PmmhChain<double>[] Local() => Task.WhenAll(Enumerable.Range(0, chains).Select(c => Task.Run(() =>
                Infer.Pmmh(Drift(), Selection.Of("q"), options with { Seed = ClusterParticleMcmc.ChainSeed(options.Seed, c) })))).GetAwaiter().GetResult();
            PmmhChain<double>[] Cluster() => ClusterParticleMcmc.Pmmh<double>(clusterClient, Name, [Address.Parse("q")], chains, options, 100)
                .WaitAsync(TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
            var (a, b) = (Local(), Cluster()); // warm-up, and the check that both give the same chains
            for (int c = 0; c < chains; c++)
                if (!a[c].LogEvidence.SequenceEqual(b[c].LogEvidence)) throw new InvalidOperationException($"chain {c} differs between the sides");
            var local = new List<double>();
            var onCluster = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                var w = Stopwatch.StartNew();
                Local();
                local.Add(w.Elapsed.TotalSeconds);
                w.Restart();
                Cluster();
                onCluster.Add(w.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"PMMH, {chains} chains × {options.BurnIn + options.Samples} transitions, {options.Particles} particles, T = {Ys.Length}, {Environment.ProcessorCount} cores, {repeats} interleaved repeats:");
            Console.WriteLine($"  one machine (4 tasks):        min {local.Min():F3} s, median {Median(local):F3} s");
            Console.WriteLine($"  3 in-process silos (grains):  min {onCluster.Min():F3} s, median {Median(onCluster):F3} s");
            Console.WriteLine($"  cluster / one machine:        min {onCluster.Min() / local.Min():F3}, median {Median(onCluster) / Median(local):F3}");
        }
        finally
        {
            clientHost.StopAsync().WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
            foreach (var silo in Enumerable.Reverse(silos)) silo.StopAsync().WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        }
        return 0;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
