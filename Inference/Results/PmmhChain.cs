namespace Probabilistic.Inference;

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
