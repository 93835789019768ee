namespace Probabilistic.Inference;

/// <summary>
/// Options of <see cref="Infer.Importance{T}(Model{T}, ImportanceOptions?, IProgress{ImportanceProgress}?, CancellationToken)"/> and
/// <see cref="Infer.SummarizeImportance{T}"/>.
/// </summary>
public sealed record ImportanceOptions
{
    /// <summary>Number of weighted samples.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Maximum number of threads, at least 1 (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Progress of <see cref="Infer.Importance{T}(Model{T}, ImportanceOptions?, IProgress{ImportanceProgress}?, CancellationToken)"/>
/// and its proposal overload, reported after each chunk of samples.
/// </summary>
/// <param name="Completed">Samples drawn and weighted so far.</param>
/// <param name="Total">Samples asked for (<see cref="ImportanceOptions.Samples"/>).</param>
public readonly record struct ImportanceProgress(int Completed, int Total);
