using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// Options of <see cref="Infer.Importance{T}(Model{T}, ImportanceOptions?, CancellationToken)"/> and
/// <see cref="Infer.SummarizeImportance{T}"/>.
/// </summary>
public sealed record ImportanceOptions
{
    /// <summary>Number of weighted samples.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Maximum number of threads, at least 1 (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

public static partial class Infer
{
    /// <summary>Samples run at a time by likelihood weighting: cancellation is checked between chunks.</summary>
    private const int ImportanceChunk = 4096;

    /// <summary>
    /// Likelihood weighting: every choice from its prior, each sample weighted by the product of its
    /// observations' and factors' likelihoods; log Ẑ = log-mean-exp of the weights (unbiased for Z).
    /// Keeps every sample (16 bytes plus the value each); <see cref="SummarizeImportance{T}"/> keeps a fixed-size
    /// summary instead. Sample i draws from stream i of the seed, so both modes see the same samples.
    /// </summary>
    /// <exception cref="InferenceCanceledException{TResult}">Cancelled: <c>PartialResult</c> holds the samples drawn so
    /// far (null when none had a positive weight).</exception>
    /// <exception cref="ModelException">Every sample has weight 0; the message names the observation that ruled them out.</exception>
    public static WeightedSample<T> Importance<T>(Model<T> model, ImportanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = Checked(options);
        var values = new T[o.Samples];
        var logWeights = new double[o.Samples];
        var zeroWeights = new Dictionary<ZeroWeightCause, int>();
        int done = ImportanceChunks(model, o, cancellationToken, (offset, chunk) =>
        {
            for (int i = 0; i < chunk.Count; i++) values[offset + i] = chunk.Value(i);
            chunk.LogWeights.CopyTo(logWeights.AsSpan(offset));
            ZeroWeightCause.Tally(chunk.ZeroWeightCauses, zeroWeights);
        });
        if (done < o.Samples)
        {
            var partial = done > 0 && LogWeightStatistics.Max(logWeights.AsSpan(0, done)) > double.NegativeInfinity
                ? Weighted(values.AsSpan(0, done).ToArray(), logWeights.AsSpan(0, done).ToArray()) : null;
            throw new InferenceCanceledException<WeightedSample<T>>(
                $"Importance: cancelled after {done} of {o.Samples} samples; PartialResult holds {(partial is null ? "nothing (no sample had a positive weight)" : "them")}.",
                partial, cancellationToken);
        }
        if (double.IsNegativeInfinity(LogWeightStatistics.Max(logWeights)))
            throw ZeroWeightCause.AllImpossible("Importance", "sample", null, zeroWeights);
        return Weighted(values, logWeights);
    }

    private static WeightedSample<T> Weighted<T>(T[] values, double[] logWeights) =>
        new(values, logWeights, LogWeightStatistics.LogMeanExp(logWeights), ImportanceStandardError(logWeights));

    /// <summary>
    /// Likelihood weighting (as <see cref="Importance{T}(Model{T}, ImportanceOptions?, CancellationToken)"/>, the same
    /// samples for the same seed) reduced as it goes to an <see cref="ImportanceSummary"/>: log Ẑ, its standard error,
    /// the ESS, and the self-normalized mean and variance of each of <paramref name="statistics"/>. Memory does not
    /// grow with <see cref="ImportanceOptions.Samples"/>: samples run in chunks of 4096, each folded into running sums
    /// kept relative to the largest log weight so far (see <c>LogWeightAccumulator</c>: an online log-sum-exp, and
    /// West's 1979 weighted update of means and variances), in sample order, so the result does not depend on the
    /// thread count. The statistics are called on the calling thread, once per sample of positive weight.
    /// </summary>
    /// <exception cref="InferenceCanceledException{TResult}">Cancelled: <c>PartialResult</c> summarizes the samples
    /// drawn so far (null when none had a positive weight).</exception>
    /// <exception cref="ModelException">Every sample has weight 0; the message names the observation that ruled them out.</exception>
    public static ImportanceSummary SummarizeImportance<T>(Model<T> model, IReadOnlyList<Func<T, double>> statistics,
        ImportanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(statistics);
        for (int k = 0; k < statistics.Count; k++)
            if (statistics[k] is null) throw new ArgumentNullException(nameof(statistics), $"SummarizeImportance: statistic {k} is null.");
        var o = Checked(options);
        var accumulator = new LogWeightAccumulator(statistics.Count);
        var row = new double[statistics.Count];
        var zeroWeights = new Dictionary<ZeroWeightCause, int>();
        int done = ImportanceChunks(model, o, cancellationToken, (_, chunk) =>
        {
            var logWeights = chunk.LogWeights;
            for (int i = 0; i < chunk.Count; i++)
            {
                if (logWeights[i] > double.NegativeInfinity)
                    for (int k = 0; k < row.Length; k++) row[k] = statistics[k](chunk.Value(i));
                accumulator.Add(logWeights[i], row);
            }
            ZeroWeightCause.Tally(chunk.ZeroWeightCauses, zeroWeights);
        });
        if (done < o.Samples)
            throw new InferenceCanceledException<ImportanceSummary>(
                $"SummarizeImportance: cancelled after {done} of {o.Samples} samples; PartialResult summarizes {(accumulator.AnyPositive ? "them" : "nothing (no sample had a positive weight)")}.",
                accumulator.AnyPositive ? Summary(accumulator) : null, cancellationToken);
        if (!accumulator.AnyPositive) throw ZeroWeightCause.AllImpossible("Importance", "sample", null, zeroWeights);
        return Summary(accumulator);
    }

    private static ImportanceSummary Summary(LogWeightAccumulator a) =>
        new(a.Count, a.LogMeanExp, ImportanceStandardError(a.Count, a.EffectiveSampleSize), a.EffectiveSampleSize, a.Means(), a.Variances());

    private static ImportanceOptions Checked(ImportanceOptions? options)
    {
        var o = options ?? new ImportanceOptions();
        OptionRules.AtLeast("Importance", nameof(o.Samples), o.Samples);
        OptionRules.Threads("Importance", o.MaxDegreeOfParallelism);
        return o;
    }

    /// <summary>
    /// Runs the samples in chunks (sample i from stream i of the seed), giving each finished chunk and its first
    /// sample's index to <paramref name="consume"/> in order; returns the number of samples run, fewer than asked
    /// when <paramref name="cancellationToken"/> was cancelled (checked before each chunk).
    /// </summary>
    private static int ImportanceChunks<T>(Model<T> model, ImportanceOptions o, CancellationToken cancellationToken, Action<int, Population<T>> consume)
    {
        for (int offset = 0; offset < o.Samples; offset += ImportanceChunk)
        {
            if (cancellationToken.IsCancellationRequested) return offset;
            var chunk = Population<T>.Spawn(model, Math.Min(ImportanceChunk, o.Samples - offset), o.Seed);
            chunk.StreamOffset = (ulong)offset;
            chunk.MaxDegreeOfParallelism = o.MaxDegreeOfParallelism;
            chunk.Algorithm = "Importance";
            chunk.RunToEnd();
            consume(offset, chunk);
        }
        return o.Samples;
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
        var o = Checked(options);
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
        if (double.IsNegativeInfinity(logZ)) throw new ModelException("Importance (with a proposal): every sample has weight 0; the proposal never proposes values the model can explain.");
        return new WeightedSample<T>(values, logWeights, logZ, ImportanceStandardError(logWeights));
    }

    /// <summary>Delta-method standard error of log Ẑ for N i.i.d. weights: √((N·Σw̄² − 1)/(N − 1)), w̄ normalized.</summary>
    internal static double ImportanceStandardError(ReadOnlySpan<double> logWeights) =>
        ImportanceStandardError(logWeights.Length, LogWeightStatistics.EffectiveSampleSize(logWeights));

    /// <summary>The same from N and Kish's ESS: N·Σw̄² = N / ESS.</summary>
    internal static double ImportanceStandardError(long n, double effectiveSampleSize)
    {
        if (n < 2) return double.NaN;
        double relativeVariance = (n / effectiveSampleSize - 1) / (n - 1);
        return Math.Sqrt(Math.Log(1 + Math.Max(relativeVariance, 0)));
    }
}
