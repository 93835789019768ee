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

    /// <summary>
    /// Forces the interpreter even when the model carries a compiled twin (<see cref="Compilation.CompiledAttribute"/>;
    /// false by default: likelihood weighting then runs the twin's particle program). For debugging and for the
    /// differential tests that compare the compiled and the interpreted runs.
    /// </summary>
    public bool Interpreted { get; init; }
}

/// <summary>
/// Progress of <see cref="Infer.Importance{T}(Model{T}, ImportanceOptions?, IProgress{ImportanceProgress}?, CancellationToken)"/>
/// and its proposal overload, reported after each chunk of samples.
/// </summary>
/// <param name="Completed">Samples drawn and weighted so far.</param>
/// <param name="Total">Samples asked for (<see cref="ImportanceOptions.Samples"/>).</param>
public readonly record struct ImportanceProgress(int Completed, int Total);
