using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Enumerate{T}(Model{T}, EnumerateOptions?, IProgress{EnumerateProgress}?, CancellationToken)"/>.</summary>
public sealed record EnumerateOptions
{
    /// <summary>The default bound on the number of complete executions.</summary>
    public const int DefaultMaxExecutions = 10_000_000;

    /// <summary>
    /// The most complete executions enumerated (those of weight 0 included), at least 1; a model with more is an error
    /// rather than a run that does not end.
    /// </summary>
    public int MaxExecutions { get; init; } = DefaultMaxExecutions;

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the option and its value when one is out of range.</summary>
    internal void Validate() => OptionRules.AtLeast("Enumerate", nameof(MaxExecutions), MaxExecutions);
}

/// <summary>
/// Progress of <see cref="Infer.Enumerate{T}(Model{T}, EnumerateOptions?, IProgress{EnumerateProgress}?, CancellationToken)"/>:
/// the complete executions enumerated so far (reported every 4096 executions and at the end).
/// </summary>
/// <param name="Executions">Complete executions enumerated so far, those of weight 0 included.</param>
/// <param name="MaxExecutions">The bound from the options.</param>
public readonly record struct EnumerateProgress(long Executions, int MaxExecutions);
