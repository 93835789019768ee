namespace Probabilistic.Inference.Particles;

/// <summary>How a <see cref="WeightedSample{T}.LogEvidenceStandardError"/> was estimated, and whether it can be trusted.</summary>
public enum LogEvidenceErrorKind
{
    /// <summary>No estimate (NaN): fewer than two particles, or an algorithm that gives none.</summary>
    None,

    /// <summary>Independent weights (importance sampling): the delta method on the weights' relative variance.</summary>
    IndependentSamples,

    /// <summary>
    /// SMC whose every resampling was multinomial (adaptive or not), or that never resampled: the Lee–Whiteley
    /// genealogy estimator, consistent as N grows (Lee &amp; Whiteley 2018; for adaptive resampling Du &amp; Guyader 2021).
    /// </summary>
    Genealogy,

    /// <summary>
    /// SMC that resampled with a scheme other than multinomial (systematic, the default; stratified; residual): the
    /// Lee–Whiteley formula is not valid for these schemes, whose offspring counts have a smaller, scheme-specific
    /// variance, and it under-reports the spread of log Ẑ over seeds (by 15–55% in this library's tests). The number
    /// is still given as a rough guide; for a calibrated standard error run with <see cref="Resampler.Multinomial"/>.
    /// </summary>
    GenealogyApproximate,

    /// <summary>
    /// SMC run as independent islands (<see cref="SmcOptions.Islands"/>): the sample variance of the islands' evidence
    /// estimates, valid for any resampling scheme.
    /// </summary>
    Islands,
}

/// <summary>
/// Estimators of the Monte Carlo error of a particle filter's evidence estimate Ẑ, over spans so that any filter
/// (this library's populations, the tensor SMC) can use them.
/// </summary>
public static class LogEvidenceError
{
    /// <summary>
    /// The Lee–Whiteley estimate of the relative variance Var(Ẑ)/Z² of a particle filter's evidence estimate
    /// (A. Lee and N. Whiteley, "Variance estimation in the particle filter", Biometrika 105(3), 2018, §3):
    /// V = 1 − (N/(N − 1))^{r+1} · (1 − Σₑ Sₑ²), Sₑ the normalized final weight of the particles descending from
    /// time-0 particle e (its "Eve"), r the number of resamplings. Derived for multinomial resampling; with adaptive
    /// multinomial resampling the exponent counts the resampling times only (H. P. Chan and T. L. Lai 2013;
    /// Q. Du and A. Guyader, "Variance estimation in adaptive sequential Monte Carlo", Annals of Applied Probability
    /// 31(3), 2021). It is not valid for systematic, stratified or residual resampling (see
    /// <see cref="LogEvidenceErrorKind.GenealogyApproximate"/>).
    /// </summary>
    /// <param name="logWeights">The final unnormalized log weights (N of them, N ≥ 2).</param>
    /// <param name="eves">Each particle's time-0 ancestor, in 0 … N − 1.</param>
    /// <param name="resamplings">Number of resampling steps r.</param>
    public static double LeeWhiteleyRelativeVariance(ReadOnlySpan<double> logWeights, ReadOnlySpan<int> eves, int resamplings)
    {
        int n = logWeights.Length;
        if (eves.Length != n) throw new ArgumentException($"LeeWhiteleyRelativeVariance: {n} log weights but {eves.Length} Eve indices.", nameof(eves));
        if (resamplings < 0) throw new ArgumentOutOfRangeException(nameof(resamplings), resamplings, "LeeWhiteleyRelativeVariance: the number of resamplings must be non-negative.");
        if (n < 2) return double.NaN;
        double max = LogWeightStatistics.Max(logWeights), total = 0;
        if (double.IsNegativeInfinity(max)) throw new ArgumentException("LeeWhiteleyRelativeVariance: every weight is zero.", nameof(logWeights));
        var byEve = new double[n];
        for (int i = 0; i < n; i++)
        {
            if ((uint)eves[i] >= (uint)n) throw new ArgumentOutOfRangeException(nameof(eves), eves[i], $"LeeWhiteleyRelativeVariance: Eve index {i} is outside 0 … {n - 1}.");
            double w = Math.Exp(logWeights[i] - max);
            total += w;
            byEve[eves[i]] += w;
        }
        double sumSquares = 0;
        foreach (var s in byEve) sumSquares += (s / total) * (s / total);
        // (N/(N−1))^{r+1} as exp((r+1)·log1p(1/(N−1))), which stays accurate for large N.
        return 1 - Math.Exp((resamplings + 1) * Math.Log(1 + 1.0 / (n - 1))) * (1 - sumSquares);
    }

    /// <summary>
    /// The delta-method estimate of the relative variance Var(Ẑ)/Z² of an importance sampler's evidence estimate
    /// Ẑ = (1/N) Σ wᵢ from N independent weights: the sample variance of the weights over N·w̄², which is
    /// (N·Σŵᵢ² − 1)/(N − 1) = (N/ESS − 1)/(N − 1) with ŵ the normalized weights and ESS Kish's (A. B. Owen, "Monte Carlo
    /// theory, methods and examples", 2013, §9.2–9.3). NaN for N &lt; 2. <see cref="LogStandardError"/> turns it into the
    /// standard error of log Ẑ (<see cref="LogEvidenceErrorKind.IndependentSamples"/>).
    /// </summary>
    /// <param name="logWeights">The N unnormalized log weights.</param>
    /// <exception cref="ArgumentException">Every weight is zero.</exception>
    public static double IndependentSamplesRelativeVariance(ReadOnlySpan<double> logWeights)
    {
        int n = logWeights.Length;
        if (n < 2) return double.NaN;
        double ess = LogWeightStatistics.EffectiveSampleSize(logWeights);
        if (ess == 0) throw new ArgumentException("IndependentSamplesRelativeVariance: every weight is zero.", nameof(logWeights));
        return IndependentSamplesRelativeVariance(n, ess);
    }

    /// <summary>The same from N and Kish's effective sample size (N·Σŵᵢ² = N / ESS), for samples summarized as they stream; NaN for N &lt; 2.</summary>
    public static double IndependentSamplesRelativeVariance(long n, double effectiveSampleSize) =>
        n < 2 ? double.NaN : (n / effectiveSampleSize - 1) / (n - 1);

    /// <summary>
    /// The relative variance Var(Z̄)/Z̄² of the mean Z̄ of B independent unbiased evidence estimates, given their logs:
    /// Σ_b (Ẑ_b/Z̄ − 1)² / (B(B − 1)), computed relative to the largest (no overflow). NaN for B &lt; 2.
    /// </summary>
    public static double IndependentRelativeVariance(ReadOnlySpan<double> logEvidences)
    {
        int b = logEvidences.Length;
        if (b < 2) return double.NaN;
        double logMean = LogWeightStatistics.LogMeanExp(logEvidences);
        if (double.IsNegativeInfinity(logMean)) throw new ArgumentException("IndependentRelativeVariance: every estimate is zero.", nameof(logEvidences));
        double sum = 0;
        foreach (var l in logEvidences)
        {
            double r = Math.Exp(l - logMean) - 1;
            sum += r * r;
        }
        return sum / (b * (b - 1.0));
    }

    /// <summary>
    /// The standard error of log Ẑ from the relative variance V of Ẑ: √log(1 + V), the log-normal (delta-method)
    /// transfer; a negative V (an estimate below its floor) counts as 0, NaN stays NaN.
    /// </summary>
    public static double LogStandardError(double relativeVariance) =>
        double.IsNaN(relativeVariance) ? double.NaN : Math.Sqrt(Math.Log(1 + Math.Max(relativeVariance, 0)));
}
