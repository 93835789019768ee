using Probabilistic.Inference.Traced;

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

public static partial class Infer
{
    /// <summary>
    /// A Metropolis–Hastings chain of trace kernels: starts from a prior trace of positive probability,
    /// discards <see cref="MhOptions.BurnIn"/> transitions and keeps every <see cref="MhOptions.Thin"/>-th of
    /// the next ones. The kernel defaults to single-site MH with prior proposals (Wingate et al. 2011).
    /// </summary>
    public static MhChain<T> Mh<T>(Model<T> model, MhOptions? options = null, Kernel<T>? kernel = null,
        IProgress<MhProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new MhOptions();
        if (o.Samples <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Samples, "Mh: Samples must be positive.");
        if (o.BurnIn < 0) throw new ArgumentOutOfRangeException(nameof(options), o.BurnIn, "Mh: BurnIn must be non-negative.");
        if (o.Thin <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Thin, "Mh: Thin must be positive.");
        var k = kernel ?? Kernels.SingleSite<T>();
        var rng = new Rng(o.Seed);
        var trace = InitialTrace(model, rng, o.InitAttempts);

        int total = o.BurnIn + o.Samples * o.Thin, accepted = 0;
        var kept = new List<Trace<T>>(o.Samples);
        for (int it = 1; it <= total; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (trace, bool a) = k.Apply(trace, rng);
            if (a) accepted++;
            if (it > o.BurnIn && (it - o.BurnIn) % o.Thin == 0) kept.Add(trace);
            if (progress is not null && (it % 100 == 0 || it == total)) progress.Report(new MhProgress(it, total, (double)accepted / it));
        }
        return new MhChain<T>(kept, (double)accepted / total);
    }

    internal static Trace<T> InitialTrace<T>(Model<T> model, Rng rng, int attempts)
    {
        for (int i = 0; i < attempts; i++)
        {
            var t = model.Simulate(rng);
            if (double.IsFinite(t.LogJoint)) return t;
        }
        throw new ModelException($"Mh: no trace of positive probability in {attempts} draws from the prior; the observations may be impossible, or give a better start.");
    }
}
