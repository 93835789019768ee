using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>What one chain needs: its own density evaluator, its map to constrained values, an optional initial point
/// (all of it, or the coordinates marked in <see cref="Given"/>), and an optional initial inverse metric (the diagonal,
/// or a dense matrix row by row, as the metric kind needs).</summary>
internal readonly record struct ChainSetup(IDifferentiableDensity Density, Action<double[], double[]> Constrain, double[]? InitialPoint, bool[]? Given = null, double[]? InverseMetric = null);

/// <summary>Runs HMC or NUTS chains in parallel; chain k depends only on (seed, k), never on the thread count. The options
/// were validated by the entry point; model errors come out unnamed (<see cref="UnnamedModelException"/>) for it to name.</summary>
internal static class HamiltonianRun
{
    public static ChainResult[] Run(Func<int, ChainSetup> setup, int columns, HamiltonianOptions options,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new ChainResult[options.Chains];
        // Set up every chain on this thread: IDifferentiableDensity.ForThread promises an evaluator for another
        // thread, not that ForThread itself may be called from several threads at once.
        var setups = new ChainSetup[options.Chains];
        for (int k = 0; k < setups.Length; k++) setups[k] = setup(k);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        ParallelRun.Invoke(() => Parallel.For(0, options.Chains, parallel, k =>
            results[k] = HamiltonianChain.Run(setups[k], options, k, columns, progress, cancellationToken)));
        // Cancelled chains may have stopped at different lengths: keep the draws all of them reached.
        int kept = results.Min(r => r.Draws.Length);
        for (int k = 0; k < results.Length; k++)
            if (results[k].Draws.Length > kept)
                results[k] = results[k] with { Draws = results[k].Draws[..kept], Statistics = results[k].Statistics[..kept] };
        return results;
    }
}
