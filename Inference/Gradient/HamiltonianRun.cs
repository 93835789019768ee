using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>What one chain needs: its own density evaluator, its map to constrained values, an optional initial point
/// (all of it, or the coordinates marked in <see cref="Given"/>), an optional initial inverse metric (the diagonal,
/// or a dense matrix row by row, as the metric kind needs), the generator <see cref="Constrain"/> draws from if any (the
/// enumerated discrete choices': checkpointed with the chain), and a previous fit's chain state to warm start from.</summary>
internal readonly record struct ChainSetup(IDifferentiableDensity Density, Action<double[], double[]> Constrain, double[]? InitialPoint, bool[]? Given = null,
    double[]? InverseMetric = null, Rng? DrawRng = null, ChainState? WarmStart = null);

/// <summary>Runs HMC or NUTS chains in parallel; chain k depends only on (seed, k), never on the thread count, nor on how
/// its iterations are split into segments (<see cref="Advance"/>). The options were validated by the entry point; model
/// errors come out unnamed (<see cref="UnnamedModelException"/>) for it to name.</summary>
internal static class HamiltonianRun
{
    /// <summary>Runs every chain to its end (or the cancellation) and gives their draws, cut to the fewest any chain kept.</summary>
    public static ChainResult[] Run(Func<int, ChainSetup> setup, int columns, HamiltonianOptions options,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken) =>
        Results(RunChains(setup, columns, options, progress, cancellationToken));

    /// <summary>Runs every chain to its end (or the cancellation) and gives the chains, for their draws and final states.</summary>
    public static HamiltonianChain[] RunChains(Func<int, ChainSetup> setup, int columns, HamiltonianOptions options,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        var chains = Start(setup, columns, options, null);
        Advance(chains, int.MaxValue, options, progress, cancellationToken);
        return chains;
    }

    /// <summary>
    /// Sets up every chain: started (initialized, in parallel), or, with <paramref name="resume"/>, restored from its state.
    /// A warm start (<see cref="HamiltonianOptions.WarmStart"/>) gives chain k the state of the previous fit's chain k mod its chain count.
    /// </summary>
    public static HamiltonianChain[] Start(Func<int, ChainSetup> setup, int columns, HamiltonianOptions options, HamiltonianCheckpoint? resume)
    {
        // Set up every chain on this thread: IDifferentiableDensity.ForThread promises an evaluator for another
        // thread, not that ForThread itself may be called from several threads at once.
        var setups = new ChainSetup[options.Chains];
        for (int k = 0; k < setups.Length; k++)
        {
            setups[k] = setup(k);
            if (options.WarmStart is { } warm && resume is null) setups[k] = setups[k] with { WarmStart = warm.Chains[k % warm.Chains.Count] };
        }
        var chains = new HamiltonianChain[options.Chains];
        if (resume is not null)
        {
            for (int k = 0; k < chains.Length; k++) chains[k] = HamiltonianChain.Resume(setups[k], options, resume.Chains[k], columns);
            return chains;
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        ParallelRun.Invoke(() => Parallel.For(0, options.Chains, parallel, k =>
            chains[k] = HamiltonianChain.Start(setups[k], options, k, columns)));
        return chains;
    }

    /// <summary>
    /// Sets up chain <paramref name="chain"/> alone, exactly as <see cref="Start"/> sets it up among all the run's chains
    /// (started, warm started, or restored from <paramref name="state"/>).
    /// </summary>
    public static HamiltonianChain StartOne(Func<int, ChainSetup> setup, int columns, HamiltonianOptions options, int chain, ChainState? state)
    {
        var s = setup(chain);
        if (state is not null) return HamiltonianChain.Resume(s, options, state, columns);
        if (options.WarmStart is { } warm) s = s with { WarmStart = warm.Chains[chain % warm.Chains.Count] };
        return HamiltonianChain.Start(s, options, chain, columns);
    }

    /// <summary>Runs up to <paramref name="iterations"/> more iterations of every chain, in parallel.</summary>
    public static void Advance(HamiltonianChain[] chains, int iterations, HamiltonianOptions options,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        ParallelRun.Invoke(() => Parallel.For(0, chains.Length, parallel, k =>
            chains[k].Advance(iterations, progress, cancellationToken)));
    }

    /// <summary>The chains' draws, each cut to the fewest any chain kept (chains cancelled or stopped at different lengths).</summary>
    public static ChainResult[] Results(HamiltonianChain[] chains)
    {
        var results = chains.Select(c => c.Result()).ToArray();
        int kept = results.Min(r => r.Draws.Length);
        for (int k = 0; k < results.Length; k++)
            if (results[k].Draws.Length > kept)
                results[k] = results[k] with { Draws = results[k].Draws[..kept], Statistics = results[k].Statistics[..kept] };
        return results;
    }
}
