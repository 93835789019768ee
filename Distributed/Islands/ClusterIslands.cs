using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.Islands;

/// <summary>
/// Island SMC on a cluster (Vergé, Dubarry, Del Moral &amp; Moulines 2015): one <see cref="IIslandGrain"/> per island,
/// advanced in parallel one observation at a time; the coordinator is <see cref="IslandSmc"/>'s, running in the caller
/// (the client). Why client-side: the island-level interaction is B numbers per step (no state worth a grain of its own),
/// the grains carry the work and the populations, and a copy between islands goes grain to grain; one coordinator code
/// for one machine and the cluster is what makes their results equal. The result for a seed is
/// <see cref="IslandSmc.Run{T}"/>'s with the same options, bit for bit (values as numbers).
/// </summary>
public static class ClusterIslands
{
    /// <summary>
    /// Runs island SMC on the catalog model <paramref name="model"/>: <see cref="IslandSmcOptions.Islands"/> island grains
    /// of <see cref="IslandSmcOptions.Island"/>'s particles each, with its interaction. Every call on the cluster waits at
    /// most <paramref name="callTimeout"/> (60 s by default), so an unreachable cluster or a lost silo is an error, not a hang.
    /// </summary>
    /// <exception cref="TimeoutException">A call on the cluster took longer than <paramref name="callTimeout"/>.</exception>
    public static async Task<ClusterSmcResult> Smc(IClusterClient client, string model, IslandSmcOptions? options = null,
        TimeSpan? callTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var o = options ?? new IslandSmcOptions();
        var islands = new GrainIslands(client, model, o, callTimeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await islands.Start(cancellationToken).ConfigureAwait(false);
            var sample = await IslandSmc.RunAsync(islands, o, cancellationToken).ConfigureAwait(false);
            return new ClusterSmcResult(sample, islands.Silos);
        }
        finally
        {
            await islands.Close().ConfigureAwait(false);
        }
    }
}

/// <summary>An island SMC run's pooled sample (values as numbers) and the silo each island last ran on.</summary>
public sealed record ClusterSmcResult(WeightedSample<double> Sample, IReadOnlyList<string> IslandSilos);
