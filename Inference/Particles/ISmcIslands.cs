namespace Probabilistic.Inference.Particles;

/// <summary>
/// B SMC populations that <see cref="IslandSmc.RunAsync{T}"/> drives: in this process (<c>IslandSmc.Run</c>) or as grains
/// of a cluster (Probabilistic.Distributed). Each island is a bootstrap filter that advances one observation step per
/// call; the coordinator does the island-level interaction.
/// </summary>
public interface ISmcIslands<T>
{
    /// <summary>Number of islands B.</summary>
    int Count { get; }

    /// <summary>
    /// Advances every unfinished island by one step (a finished island stays as it is) and returns, per island, its
    /// evidence estimate log Ẑ_b so far and whether its particles have finished the model.
    /// </summary>
    Task<IslandStatus[]> AdvanceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Island b becomes a copy of island <paramref name="ancestors"/>[b] as it stood before this call (itself when equal),
    /// continuing from its next step with the streams of <paramref name="seeds"/>[b].
    /// </summary>
    Task CopyAsync(int[] ancestors, ulong[] seeds, CancellationToken cancellationToken);

    /// <summary>Every island's weighted sample (their particles have finished), island 0 first.</summary>
    Task<WeightedSample<T>[]> ResultsAsync(CancellationToken cancellationToken);
}

/// <summary>An island after a step: its evidence estimate log Ẑ_b so far and whether it has finished.</summary>
public readonly record struct IslandStatus(double LogEvidence, bool Finished);
