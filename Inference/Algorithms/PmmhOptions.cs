using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// Options of <see cref="Infer.Pmmh{T}(Model{T}, Selection, PmmhOptions?, IProgress{PmmhProgress}?, CancellationToken)"/>: the
/// chain's length and the shared particle settings of its inner SMC (100 particles, one thread by default).
/// </summary>
public sealed record PmmhOptions : ParticleOptions
{
    /// <summary>The defaults: 1000 kept states after 100 burn-in transitions, inner filters of 100 particles.</summary>
    public PmmhOptions()
    {
        Particles = 100;
        MaxDegreeOfParallelism = 1;
    }

    /// <summary>Number of kept states of the chain.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Transitions discarded before the first kept state.</summary>
    public int BurnIn { get; init; } = 100;

    /// <summary>Attempts at a starting parameter (drawn from the prior) whose evidence estimate is positive.</summary>
    public int InitAttempts { get; init; } = 1000;

    internal override string Algorithm => "Pmmh";

    private protected override void ValidateOwn()
    {
        OptionRules.AtLeast(Algorithm, nameof(Samples), Samples);
        OptionRules.AtLeast(Algorithm, nameof(BurnIn), BurnIn, 0);
        OptionRules.AtLeast(Algorithm, nameof(InitAttempts), InitAttempts);
    }
}

/// <summary>What <see cref="Infer.Pmmh{T}(Model{T}, Selection, PmmhOptions?, IProgress{PmmhProgress}?, CancellationToken)"/> reports.</summary>
/// <param name="Iteration">Transitions done.</param>
/// <param name="Total">Transitions in all (burn-in and kept).</param>
/// <param name="AcceptanceRate">Accepted proposals / transitions so far.</param>
/// <param name="LogEvidence">The current state's estimate of log p(θ, observations).</param>
public readonly record struct PmmhProgress(int Iteration, int Total, double AcceptanceRate, double LogEvidence);
