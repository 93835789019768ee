namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Mh{T}"/>.</summary>
public sealed record MhOptions
{
    /// <summary>Number of kept samples.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Transitions discarded before the first kept sample.</summary>
    public int BurnIn { get; init; } = 100;

    /// <summary>Transitions per kept sample (1 keeps every one).</summary>
    public int Thin { get; init; } = 1;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Attempts at a starting trace of positive probability (drawn from the prior).</summary>
    public int InitAttempts { get; init; } = 1000;
}

/// <summary>What <see cref="Infer.Mh{T}"/> reports: iteration done, and the acceptance rate so far.</summary>
public readonly record struct MhProgress(int Iteration, int Total, double AcceptanceRate);

/// <summary>The result of a trace MCMC run: the kept traces, their return values and the acceptance rate.</summary>
public sealed class MhChain<T>(IReadOnlyList<Trace<T>> traces, double acceptanceRate)
{
    /// <summary>The kept traces, in order.</summary>
    public IReadOnlyList<Trace<T>> Traces { get; } = traces;

    /// <summary>The kept return values.</summary>
    public IReadOnlyList<T> Values { get; } = traces.Select(t => t.ReturnValue).ToArray();

    /// <summary>Accepted proposals / transitions, over burn-in and kept transitions.</summary>
    public double AcceptanceRate { get; } = acceptanceRate;

    /// <summary>The sample mean of f over the kept values.</summary>
    public double Expectation(Func<T, double> f) => Values.Average(f);
}
