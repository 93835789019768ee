namespace Probabilistic.Inference.Particles;

/// <summary>
/// The island particle model (Vergé, Dubarry, Del Moral &amp; Moulines, "On parallel implementation of sequential Monte
/// Carlo methods: the island particle model", Statistics and Computing 25, 2015): B independent filters of M particles
/// pooled into one weighted sample.
/// </summary>
internal static class Islands
{
    /// <summary>
    /// Pools the islands' particles, island b's weighted by its Ẑ_b, so that log Ẑ = log of the mean of the Ẑ_b
    /// (unbiased), with the standard error from their spread (<see cref="LogEvidenceError.IndependentRelativeVariance"/>).
    /// </summary>
    public static WeightedSample<T> Pool<T>(IReadOnlyList<WeightedSample<T>> islands)
    {
        int b = islands.Count, m = islands[0].Count;
        var values = new T[b * m];
        var logWeights = new double[b * m];
        var logEvidences = new double[b];
        double logM = Math.Log(m);
        for (int k = 0; k < b; k++)
        {
            logEvidences[k] = islands[k].LogEvidence;
            for (int i = 0; i < m; i++)
            {
                values[k * m + i] = islands[k].Values[i];
                logWeights[k * m + i] = islands[k].LogEvidence + Math.Log(islands[k].Weights[i]) + logM;
            }
        }
        double se = LogEvidenceError.LogStandardError(LogEvidenceError.IndependentRelativeVariance(logEvidences));
        return new WeightedSample<T>(values, logWeights, LogWeightStatistics.LogMeanExp(logEvidences), se)
        {
            LogEvidenceStandardErrorKind = LogEvidenceErrorKind.Islands,
        };
    }
}
