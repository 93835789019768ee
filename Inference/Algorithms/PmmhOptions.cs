using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Pmmh{T}(Model{T}, Selection, PmmhOptions?, IProgress{PmmhProgress}?, CancellationToken)"/>.</summary>
public sealed record PmmhOptions
{
    /// <summary>Number of kept states of the chain.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Transitions discarded before the first kept state.</summary>
    public int BurnIn { get; init; } = 100;

    /// <summary>Number of particles N of the inner SMC.</summary>
    public int Particles { get; init; } = 100;

    /// <summary>The inner SMC's resampling scheme.</summary>
    public Resampler Resampler { get; init; } = Resampler.Systematic;

    /// <summary>The inner SMC resamples when its ESS falls below this fraction of N.</summary>
    public double EssThreshold { get; init; } = 0.5;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Attempts at a starting parameter (drawn from the prior) whose evidence estimate is positive.</summary>
    public int InitAttempts { get; init; } = 1000;
}

/// <summary>What <see cref="Infer.Pmmh{T}(Model{T}, Selection, PmmhOptions?, IProgress{PmmhProgress}?, CancellationToken)"/> reports.</summary>
/// <param name="Iteration">Transitions done.</param>
/// <param name="Total">Transitions in all (burn-in and kept).</param>
/// <param name="AcceptanceRate">Accepted proposals / transitions so far.</param>
/// <param name="LogEvidence">The current state's estimate of log p(θ, observations).</param>
public readonly record struct PmmhProgress(int Iteration, int Total, double AcceptanceRate, double LogEvidence);

/// <summary>
/// A particle marginal Metropolis–Hastings chain: the kept parameter values θ (the selected choices),
/// with each state's estimate of log p(θ, observations) and a return value drawn from its SMC run.
/// </summary>
public sealed class PmmhChain<T>(IReadOnlyList<ChoiceMap> parameters, IReadOnlyList<T> values, IReadOnlyList<double> logEvidence, double acceptanceRate)
{
    /// <summary>The kept parameter values, in order.</summary>
    public IReadOnlyList<ChoiceMap> Parameters { get; } = parameters;

    /// <summary>For each kept state, the return value of one particle of its SMC run drawn by weight (a draw of the latent path's return value given θ).</summary>
    public IReadOnlyList<T> Values { get; } = values;

    /// <summary>For each kept state, the SMC estimate of log p(θ, observations).</summary>
    public IReadOnlyList<double> LogEvidence { get; } = logEvidence;

    /// <summary>Accepted proposals / transitions, over burn-in and kept transitions.</summary>
    public double AcceptanceRate { get; } = acceptanceRate;

    /// <summary>The chain's mean of f over the kept parameter values.</summary>
    public double Expectation(Func<ChoiceMap, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Parameters.Average(f);
    }
}
