using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

public static partial class Infer
{
    // Samples per chunk of importance sampling with a proposal: cancellation is checked and progress reported between chunks.
    private const int ImportanceProposalChunk = 1024;

    /// <summary>
    /// Likelihood weighting: every choice from its prior, each sample weighted by the product of its
    /// observations' and factors' likelihoods; log Ẑ = log-mean-exp of the weights (unbiased for Z).
    /// Keeps every sample (16 bytes plus the value each); <see cref="SummarizeImportance{T}"/> keeps a fixed-size
    /// summary instead. Sample i draws from stream i of the seed, so both modes see the same samples. A model with a
    /// compiled twin (<see cref="Compilation.CompiledAttribute"/>) runs the twin's particle program
    /// (<see cref="Compiled.CompiledImportance{T}"/>: the same samples) unless <see cref="ImportanceOptions.Interpreted"/> is set.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="options">The options (their defaults when null).</param>
    /// <param name="progress">Receives the samples done after each chunk of samples.</param>
    /// <param name="cancellationToken">Checked before each chunk of samples.</param>
    /// <exception cref="InferenceCanceledException{TResult}">Cancelled: <c>PartialResult</c> holds the samples drawn so
    /// far (null when none had a positive weight).</exception>
    /// <exception cref="ModelException">Every sample has weight 0; the message names the observation that ruled them out.</exception>
    public static WeightedSample<T> Importance<T>(Model<T> model, ImportanceOptions? options = null, IProgress<ImportanceProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = IndependentSamples.Checked(options);
        var values = new T[o.Samples];
        var logWeights = new double[o.Samples];
        var zeroWeights = new Dictionary<ZeroWeightCause, int>();
        if (!o.Interpreted && Compilation.CompiledModels.TryGetTwin(model, out var twin))
        {
            // The twin's particle program: the same samples from the same streams, nothing allocated per sample-step
            // (a compiled program knows no addresses, so a weight-0 error cannot name the observation; Interpreted = true can).
            int run = twin.Accept(new Compiled.CompiledImportance<T>(o, values, logWeights, progress, cancellationToken));
            if (run < o.Samples) throw Canceled("Importance", values, logWeights, run, cancellationToken);
            if (double.IsNegativeInfinity(LogWeightStatistics.Max(logWeights)))
                throw ZeroWeightCause.AllImpossible($"Importance (compiled twin {twin.Name})", "sample", null, zeroWeights);
            return Weighted(values, logWeights);
        }
        int done = IndependentSamples.Chunks(model, o, cancellationToken, (offset, chunk) =>
        {
            for (int i = 0; i < chunk.Count; i++) values[offset + i] = chunk.Value(i);
            chunk.LogWeights.CopyTo(logWeights.AsSpan(offset));
            ZeroWeightCause.Tally(chunk.ZeroWeightCauses, zeroWeights);
            progress?.Report(new ImportanceProgress(offset + chunk.Count, o.Samples));
        });
        if (done < o.Samples) throw Canceled("Importance", values, logWeights, done, cancellationToken);
        if (double.IsNegativeInfinity(LogWeightStatistics.Max(logWeights)))
            throw ZeroWeightCause.AllImpossible("Importance", "sample", null, zeroWeights);
        return Weighted(values, logWeights);
    }

    private static InferenceCanceledException<WeightedSample<T>> Canceled<T>(string algorithm, T[] values, double[] logWeights, int done, CancellationToken cancellationToken)
    {
        var partial = done > 0 && LogWeightStatistics.Max(logWeights.AsSpan(0, done)) > double.NegativeInfinity
            ? Weighted(values.AsSpan(0, done).ToArray(), logWeights.AsSpan(0, done).ToArray()) : null;
        return new InferenceCanceledException<WeightedSample<T>>(
            $"{algorithm}: cancelled after {done} of {values.Length} samples; PartialResult holds {(partial is null ? "nothing (no sample had a positive weight)" : "them")}.",
            partial, cancellationToken);
    }

    private static WeightedSample<T> Weighted<T>(T[] values, double[] logWeights) =>
        new(values, logWeights, LogWeightStatistics.LogMeanExp(logWeights), LogEvidenceError.LogStandardError(LogEvidenceError.IndependentSamplesRelativeVariance(logWeights)))
        {
            LogEvidenceStandardErrorKind = values.Length < 2 ? LogEvidenceErrorKind.None : LogEvidenceErrorKind.IndependentSamples,
        };

    /// <summary>
    /// Importance sampling with a user proposal: a model over (some of) the same addresses. Each sample runs
    /// the proposal (trace q), then the model constrained to q's choices (<c>Generate</c>, weight w), with
    /// importance weight w − log q(choices), log q being the proposal trace's log joint (as for every proposal in
    /// this library); choices the proposal leaves out come from the prior. A proposal
    /// choice the model never visits is an error naming its address. The samples run in chunks of
    /// 1024, in parallel within a chunk.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="proposal">The proposal.</param>
    /// <param name="options">The options (their defaults when null).</param>
    /// <param name="progress">Receives the samples done after each chunk of samples.</param>
    /// <param name="cancellationToken">Checked before each chunk of samples.</param>
    /// <exception cref="InferenceCanceledException{TResult}">Cancelled: <c>PartialResult</c> holds the samples drawn so
    /// far (null when none had a positive weight).</exception>
    public static WeightedSample<T> Importance<T, TProposal>(Model<T> model, Model<TProposal> proposal, ImportanceOptions? options = null,
        IProgress<ImportanceProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(proposal);
        var o = IndependentSamples.Checked(options);
        var values = new T[o.Samples];
        var logWeights = new double[o.Samples];
        var streams = new Rng(o.Seed).Split(o.Samples);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.MaxDegreeOfParallelism) };
        for (int offset = 0; offset < o.Samples; offset += ImportanceProposalChunk)
        {
            if (cancellationToken.IsCancellationRequested) throw Canceled("Importance (with a proposal)", values, logWeights, offset, cancellationToken);
            int end = Math.Min(o.Samples, offset + ImportanceProposalChunk);
            ParallelRun.Invoke(() => Parallel.For(offset, end, parallel, i =>
            {
                var q = proposal.Simulate(streams[i]);
                var (trace, w) = model.Generate(q.Choices, streams[i]);
                values[i] = trace.ReturnValue;
                logWeights[i] = w - q.LogJoint;
            }));
            progress?.Report(new ImportanceProgress(end, o.Samples));
        }
        double logZ = LogWeightStatistics.LogMeanExp(logWeights);
        if (double.IsNegativeInfinity(logZ)) throw new ModelException("Importance (with a proposal): every sample has weight 0; the proposal never proposes values the model can explain.");
        return Weighted(values, logWeights);
    }
}
