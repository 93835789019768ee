using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Importance{T}(Model{T}, ImportanceOptions?, CancellationToken)"/>.</summary>
public sealed record ImportanceOptions
{
    /// <summary>Number of weighted samples.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Maximum number of threads (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

public static partial class Infer
{
    /// <summary>
    /// Likelihood weighting: every choice from its prior, each sample weighted by the product of its
    /// observations' and factors' likelihoods; log Ẑ = log-mean-exp of the weights (unbiased for Z).
    /// </summary>
    public static WeightedSample<T> Importance<T>(Model<T> model, ImportanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new ImportanceOptions();
        if (o.Samples <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Samples, "Importance: Samples must be positive.");
        cancellationToken.ThrowIfCancellationRequested();
        var population = Population<T>.Spawn(model, o.Samples, o.Seed);
        population.MaxDegreeOfParallelism = o.MaxDegreeOfParallelism;
        return population.RunToEnd().Collapse();
    }

    /// <summary>
    /// Importance sampling with a user proposal: a model over (some of) the same addresses. Each sample runs
    /// the proposal (trace q), then the model constrained to q's choices (<c>Generate</c>, weight w), with
    /// importance weight w − log q(choices), log q being the proposal trace's log joint (as for every proposal in
    /// this library); choices the proposal leaves out come from the prior. A proposal
    /// choice the model never visits is an error naming its address.
    /// </summary>
    public static WeightedSample<T> Importance<T, TProposal>(Model<T> model, Model<TProposal> proposal, ImportanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(proposal);
        var o = options ?? new ImportanceOptions();
        if (o.Samples <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Samples, "Importance: Samples must be positive.");
        var values = new T[o.Samples];
        var logWeights = new double[o.Samples];
        var streams = new Rng(o.Seed).Split(o.Samples);
        ParallelRun.Invoke(() => Parallel.For(0, o.Samples, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.MaxDegreeOfParallelism), CancellationToken = cancellationToken }, i =>
        {
            var q = proposal.Simulate(streams[i]);
            var (trace, w) = model.Generate(q.Choices, streams[i]);
            values[i] = trace.ReturnValue;
            logWeights[i] = w - q.LogJoint;
        }));
        double logZ = LogWeightStatistics.LogMeanExp(logWeights);
        if (double.IsNegativeInfinity(logZ)) throw new ModelException("Importance: every sample has weight 0; the proposal never proposes values the model can explain.");
        return new WeightedSample<T>(values, logWeights, logZ, ImportanceStandardError(logWeights));
    }

    /// <summary>Delta-method standard error of log Ẑ for N i.i.d. weights: √((N·Σw̄² − 1)/(N − 1)), w̄ normalized.</summary>
    internal static double ImportanceStandardError(ReadOnlySpan<double> logWeights)
    {
        int n = logWeights.Length;
        if (n < 2) return double.NaN;
        double relativeVariance = (n / LogWeightStatistics.EffectiveSampleSize(logWeights) - 1) / (n - 1);
        return Math.Sqrt(Math.Log(1 + Math.Max(relativeVariance, 0)));
    }
}
