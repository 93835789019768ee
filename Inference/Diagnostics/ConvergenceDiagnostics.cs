using MathNet.Numerics.Distributions;

namespace Probabilistic.Inference.Diagnostics;

/// <summary>
/// Convergence diagnostics for draws from several Markov chains, given as a matrix [chain][draw]: the rank-normalized
/// split R̂, bulk and tail effective sample sizes and Monte Carlo standard errors of Vehtari, Gelman, Simpson, Carpenter
/// and Bürkner (2021), "Rank-normalization, folding, and localization: an improved R̂ for assessing convergence of
/// MCMC", Bayesian Analysis 16(2), computed exactly as the R package <c>posterior</c> 1.4.0 computes <c>rhat</c>,
/// <c>ess_bulk</c>, <c>ess_tail</c>, <c>ess_basic</c>, <c>ess_quantile</c>, <c>mcse_mean</c>, <c>mcse_sd</c> and
/// <c>mcse_quantile</c> (checked against it to 1e-6 by the tests).
/// </summary>
/// <remarks>
/// Every method returns NaN where <c>posterior</c> returns NA: when all draws are equal (to within 2.2e-16), when fewer
/// than 3 draws per split chain remain, and — unlike <c>posterior</c>, which still ranks infinite draws for R̂ and bulk
/// ESS — whenever any draw is NaN or infinite. Chains of odd length n drop their middle draw when split in halves.
/// A matrix that is null, has no chains, an empty or null chain, or chains of different lengths is an
/// <see cref="ArgumentException"/> naming the chain.
/// </remarks>
public static class ConvergenceDiagnostics
{
    /// <summary>
    /// The rank-normalized split R̂ (Vehtari et al. 2021, section 4.2): the larger of the bulk R̂ (split R̂ of the rank
    /// normal scores) and the tail R̂ (split R̂ of the normal scores of |x − median|). Values above 1.01 signal that the
    /// chains have not mixed.
    /// </summary>
    public static double Rhat(double[][] chains)
    {
        DrawMatrix.Validate(chains, nameof(Rhat));
        if (DrawMatrix.IsDegenerate(chains)) return double.NaN;
        double bulk = SplitRhatCore(RankNormalization.NormalScores(DrawMatrix.Split(chains)));
        double tail = SplitRhatCore(RankNormalization.NormalScores(DrawMatrix.Split(DrawMatrix.Fold(chains))));
        return Math.Max(bulk, tail);
    }

    /// <summary>
    /// The classic potential scale reduction factor R̂ = √((N − 1)/N + B/(N·W)) (Gelman and Rubin 1992; Gelman et al.,
    /// BDA3, section 11.4) on the raw draws, with each chain split in halves when <paramref name="split"/> is true
    /// (posterior's <c>rhat_basic</c>).
    /// </summary>
    public static double RhatBasic(double[][] chains, bool split = true)
    {
        DrawMatrix.Validate(chains, nameof(RhatBasic));
        return SplitRhatCore(split ? DrawMatrix.Split(chains) : chains);
    }

    /// <summary>The bulk effective sample size: the ESS of the rank normal scores of the split chains (Vehtari et al. 2021, section 4.3).</summary>
    public static double EssBulk(double[][] chains)
    {
        DrawMatrix.Validate(chains, nameof(EssBulk));
        if (DrawMatrix.IsDegenerate(chains)) return double.NaN;
        return EffectiveSampleSize.Of(RankNormalization.NormalScores(DrawMatrix.Split(chains)));
    }

    /// <summary>The tail effective sample size: the smaller of the ESS of the 5% and 95% quantiles (Vehtari et al. 2021, section 4.3).</summary>
    public static double EssTail(double[][] chains)
    {
        DrawMatrix.Validate(chains, nameof(EssTail));
        return Math.Min(EssQuantileCore(chains, 0.05), EssQuantileCore(chains, 0.95));
    }

    /// <summary>The effective sample size of the raw draws (split chains by default), posterior's <c>ess_basic</c>; it governs the MCSE of the mean.</summary>
    public static double EssBasic(double[][] chains, bool split = true)
    {
        DrawMatrix.Validate(chains, nameof(EssBasic));
        return EffectiveSampleSize.Of(split ? DrawMatrix.Split(chains) : chains);
    }

    /// <summary>The ESS for estimating the mean: <see cref="EssBasic"/> of the split chains (posterior's <c>ess_mean</c>).</summary>
    public static double EssMean(double[][] chains) => EssBasic(chains, split: true);

    /// <summary>The ESS for estimating the standard deviation: the split-chain ESS of |x − mean| (posterior's <c>ess_sd</c>).</summary>
    public static double EssSd(double[][] chains)
    {
        DrawMatrix.Validate(chains, nameof(EssSd));
        double mean = DrawMatrix.Mean(DrawMatrix.Pool(chains));
        return EffectiveSampleSize.Of(DrawMatrix.Split(DrawMatrix.Map(chains, x => Math.Abs(x - mean))));
    }

    /// <summary>
    /// The ESS for estimating the <paramref name="probability"/> quantile: the split-chain ESS of the indicator
    /// I(x ≤ q̂), q̂ the pooled sample quantile (Vehtari et al. 2021, section 4.3, eq. 16).
    /// </summary>
    public static double EssQuantile(double[][] chains, double probability)
    {
        DrawMatrix.Validate(chains, nameof(EssQuantile));
        CheckProbability(probability, nameof(EssQuantile));
        return EssQuantileCore(chains, probability);
    }

    /// <summary>The Monte Carlo standard error of the mean: sd / √ESS_mean, the sd over all draws.</summary>
    public static double McseMean(double[][] chains)
    {
        DrawMatrix.Validate(chains, nameof(McseMean));
        var all = DrawMatrix.Pool(chains);
        return Math.Sqrt(DrawMatrix.Variance(all)) / Math.Sqrt(EffectiveSampleSize.Of(DrawMatrix.Split(chains)));
    }

    /// <summary>
    /// The Monte Carlo standard error of the standard deviation, as posterior 1.4.0's <c>mcse_sd</c>: with centred draws
    /// c = x − x̄, v = mean(c²) and ESS the split-chain ESS of c², Var(v) ≈ (mean(c⁴) − v²)/ESS and, by the delta method,
    /// MCSE(sd) = √(Var(v) / (4v)).
    /// </summary>
    public static double McseSd(double[][] chains)
    {
        DrawMatrix.Validate(chains, nameof(McseSd));
        double mean = DrawMatrix.Mean(DrawMatrix.Pool(chains));
        var squares = DrawMatrix.Map(chains, x => (x - mean) * (x - mean));
        var pooled = DrawMatrix.Pool(squares);
        double ess = EffectiveSampleSize.Of(DrawMatrix.Split(squares));
        double v = DrawMatrix.Mean(pooled);
        double fourth = 0;
        foreach (var s in pooled) fourth += s * s;
        fourth /= pooled.Length;
        double varianceOfV = (fourth - v * v) / ess;
        return Math.Sqrt(varianceOfV / v / 4);
    }

    /// <summary>
    /// The Monte Carlo standard error of the <paramref name="probability"/> quantile (Vehtari et al. 2021, section 4.4):
    /// with S draws and E = <see cref="EssQuantile"/>, take a, b the 15.87% and 84.13% quantiles of
    /// Beta(E·p + 1, E·(1 − p) + 1); the MCSE is half the distance between the sorted draws at positions
    /// max(⌊a·S⌋, 1) and min(⌈b·S⌉, S) (1-based).
    /// </summary>
    public static double McseQuantile(double[][] chains, double probability)
    {
        DrawMatrix.Validate(chains, nameof(McseQuantile));
        CheckProbability(probability, nameof(McseQuantile));
        double ess = EssQuantileCore(chains, probability);
        if (double.IsNaN(ess)) return double.NaN;
        double alpha = ess * probability + 1, beta = ess * (1 - probability) + 1;
        double a = Beta.InvCDF(alpha, beta, 0.1586553), b = Beta.InvCDF(alpha, beta, 0.8413447);
        var sorted = DrawMatrix.Sorted(chains);
        int s = sorted.Length;
        double lower = sorted[Math.Max((int)Math.Floor(a * s), 1) - 1];
        double upper = sorted[Math.Min((int)Math.Ceiling(b * s), s) - 1];
        return (upper - lower) / 2;
    }

    private static double EssQuantileCore(double[][] chains, double probability)
    {
        if (DrawMatrix.IsDegenerate(chains)) return double.NaN;
        var sorted = DrawMatrix.Sorted(chains);
        if (probability == 1) probability = (sorted.Length - 0.5) / sorted.Length;
        double q = DrawMatrix.Quantile(sorted, probability);
        return EffectiveSampleSize.Of(DrawMatrix.Split(DrawMatrix.Map(chains, x => x <= q ? 1.0 : 0.0)));
    }

    /// <summary>R̂ of chains taken as they are: √((B/W + N − 1)/N) with B = N·Var(chain means), W = mean of the chain variances.</summary>
    private static double SplitRhatCore(double[][] chains)
    {
        if (DrawMatrix.IsDegenerate(chains)) return double.NaN;
        int m = chains.Length, n = chains[0].Length;
        var means = new double[m];
        double within = 0;
        for (int c = 0; c < m; c++)
        {
            means[c] = DrawMatrix.Mean(chains[c]);
            within += DrawMatrix.Variance(chains[c]) / m;
        }
        double between = n * DrawMatrix.Variance(means);
        return Math.Sqrt((between / within + n - 1) / n);
    }

    private static void CheckProbability(double p, string caller)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException("probability", p, $"{caller}: the probability must be in [0, 1].");
    }
}
