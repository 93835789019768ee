namespace Probabilistic.Inference.Compiled;

internal sealed partial class CompiledPopulation<TState, TProgram, T>
{
    /// <summary>The particles' states (a checkpoint writes them; a restored population's are written here).</summary>
    internal Span<TState> States => _states.AsSpan(0, Count);

    /// <summary>The seed whose streams the population draws from.</summary>
    internal ulong Seed => _seed;

    /// <summary>
    /// Sets the bookkeeping of a population restored from a checkpoint (its states written into <see cref="States"/>):
    /// steps taken, resampling counts, pushed evidence, ESS before the last resampling, weights and Eves.
    /// </summary>
    internal void Restore(int step, int resamplings, int otherResamplings, double pushedLogEvidence, double essBeforeResampling,
        ReadOnlySpan<double> logWeights, ReadOnlySpan<int> eves)
    {
        Step = step;
        Resamplings = resamplings;
        OtherResamplings = otherResamplings;
        PushedLogEvidence = pushedLogEvidence;
        EffectiveSampleSizeBeforeResampling = essBeforeResampling;
        logWeights.CopyTo(_logWeights);
        eves.CopyTo(_eves);
    }

    /// <summary>A copy of this population (states, weights, Eves, bookkeeping) that draws from <paramref name="seed"/>'s streams.</summary>
    internal CompiledPopulation<TState, TProgram, T> Clone(ulong seed, int maxDegreeOfParallelism)
    {
        var c = new CompiledPopulation<TState, TProgram, T>(_program, Count, seed, maxDegreeOfParallelism);
        States.CopyTo(c.States);
        c.Restore(Step, Resamplings, OtherResamplings, PushedLogEvidence, EffectiveSampleSizeBeforeResampling, _logWeights, Eves);
        return c;
    }
}
