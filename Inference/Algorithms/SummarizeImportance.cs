using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Likelihood weighting (as <see cref="Importance{T}(Model{T}, ImportanceOptions?, IProgress{ImportanceProgress}?, CancellationToken)"/>, the same
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
        var o = IndependentSamples.Checked(options);
        var accumulator = new LogWeightAccumulator(statistics.Count);
        var row = new double[statistics.Count];
        var zeroWeights = new Dictionary<ZeroWeightCause, int>();
        int done = IndependentSamples.Chunks(model, o, cancellationToken, (_, chunk) =>
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
        new(a.Count, a.LogMeanExp, LogEvidenceError.LogStandardError(LogEvidenceError.IndependentSamplesRelativeVariance(a.Count, a.EffectiveSampleSize)), a.EffectiveSampleSize, a.Means(), a.Variances());
}
