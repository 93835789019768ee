namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.ParticleGibbs{T}"/>.</summary>
public sealed record ParticleGibbsOptions
{
    /// <summary>Number of kept traces.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Sweeps discarded before the first kept trace.</summary>
    public int BurnIn { get; init; } = 100;

    /// <summary>Number of particles N of each conditional SMC sweep (at least 2: one is the reference).</summary>
    public int Particles { get; init; } = 100;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>What <see cref="Infer.ParticleGibbs{T}"/> reports after each sweep.</summary>
/// <param name="Iteration">Sweeps done.</param>
/// <param name="Total">Sweeps in all (burn-in and kept).</param>
/// <param name="RenewalRate">The fraction of sweeps so far whose drawn particle was not the reference.</param>
/// <param name="LogEvidence">The sweep's conditional SMC estimate of log Z (biased: a diagnostic only).</param>
public readonly record struct ParticleGibbsProgress(int Iteration, int Total, double RenewalRate, double LogEvidence);
