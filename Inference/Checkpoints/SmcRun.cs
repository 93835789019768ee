namespace Probabilistic.Inference;

/// <summary>
/// One SMC population that advances a step at a time: the interpreted population (<see cref="InterpretedSmcRun{T}"/>) or
/// a compiled twin's (<see cref="CompiledSmcRun{TState, TProgram, T}"/>), behind one face for <see cref="SmcSampler{T}"/>
/// and the island runners.
/// </summary>
internal abstract class SmcRun<T>
{
    /// <summary>Steps taken (advances, the finishing one included).</summary>
    public abstract int Step { get; }

    /// <summary>Whether every particle has run to the end of the model.</summary>
    public abstract bool Finished { get; }

    /// <summary>The current evidence estimate log Ẑ.</summary>
    public abstract double LogEvidence { get; }

    /// <summary>A copy of the particles' current log weights.</summary>
    public abstract double[] LogWeights();

    /// <summary>One step of the bootstrap filter: advance, resample if degenerate (and unfinished), report.</summary>
    public abstract void Advance(IProgress<SmcProgress>? progress);

    /// <summary>The weighted return values with log Ẑ and its standard error (the run must have finished).</summary>
    public abstract WeightedSample<T> Result();

    /// <summary>The population as a checkpoint.</summary>
    public abstract SmcCheckpoint Checkpoint();

    /// <summary>An independent copy continuing with <paramref name="seed"/>'s streams.</summary>
    public abstract SmcRun<T> Clone(ulong seed);

    /// <summary>Continues from the next step with <paramref name="seed"/>'s streams.</summary>
    public abstract void Reseed(ulong seed);
}
