namespace Probabilistic.Inference.Particles;

/// <summary>
/// What PMMH, SMC² and particle Gibbs ask of a particle filter: advance it (resampling on ESS), read its evidence estimate,
/// draw a particle by weight and read its return value and choices, copy it. The interpreter's <see cref="Population{T}"/>
/// is one; a compiled twin's particle program gives another (<see cref="Compiled.ChoicePopulation{TState, TProgram, T}"/>)
/// with the same particles, weights and evidence for the same seed.
/// </summary>
/// <typeparam name="T">The model's return type.</typeparam>
internal interface IParticleFilter<T>
{
    /// <summary>True when every particle has run to the end of the model.</summary>
    bool AllFinished { get; }

    /// <summary>The current estimate log Ẑ.</summary>
    double LogEvidence { get; }

    /// <summary><see cref="Population{T}.Sequentially"/> for at most <paramref name="steps"/> steps; false when every particle has weight 0.</summary>
    bool TrySequentially(Resampler resampler, double essThreshold, CancellationToken cancellationToken = default, int steps = int.MaxValue);

    /// <summary>One particle index drawn in proportion to the current weights.</summary>
    int Draw(Rng rng);

    /// <summary>The return value of a finished particle.</summary>
    T Value(int index);

    /// <summary>The choices particle <paramref name="index"/> has made so far (a recording filter's).</summary>
    ChoiceMap Choices(int index);

    /// <summary>An independent copy that continues with the random streams of <paramref name="seed"/>.</summary>
    IParticleFilter<T> Clone(ulong seed);

    /// <summary>The error for a filter whose every particle has weight 0.</summary>
    ModelException AllImpossible();
}
