using Probabilistic.Numerics;

namespace Probabilistic.Inference.Diagnostics;

/// <summary>
/// Pareto-smoothed importance sampling (PSIS): Vehtari, Simpson, Gelman, Yao and Gabry (2024), "Pareto smoothed
/// importance sampling", JMLR 25(72). The largest M = ⌈min(0.2·S, 3·√(S / r_eff))⌉ importance ratios of S draws are
/// replaced by the expected order statistics of a generalized Pareto distribution fitted to them (Zhang and Stephens
/// 2009, "A new and efficient estimation method for the generalized Pareto distribution", Technometrics 51(3), with the
/// weakly informative prior of Vehtari et al. 2024, appendix C), and every ratio is truncated at the largest raw ratio.
/// The fitted shape k̂ is the diagnostic: below <see cref="KThreshold"/> (at most 0.7) the smoothed estimate is reliable.
/// This follows R's <c>loo</c> 2.5.1 (<c>psis</c>, <c>gpdfit</c>) step for step and matches it to 1e-6 (the tests).
/// </summary>
/// <remarks>
/// Used for leave-one-out cross-validation (<see cref="Workflow.Loo"/>: ratios = −log-likelihood of one observation),
/// for importance sampling (ratios = log target − log proposal) and for checking a variational approximation (Yao,
/// Vehtari, Simpson and Gelman 2018, "Yes, but did it work?: Evaluating variational inference", ICML).
/// </remarks>
public static class ParetoSmoothing
{
    /// <summary>The fewest tail draws for which a generalized Pareto fit is attempted (as <c>loo</c>); fewer gives k̂ = ∞.</summary>
    public const int MinimumTailLength = 5;

    /// <summary>
    /// Pareto-smooths one vector of log importance ratios (unnormalized; −∞ is a zero ratio).
    /// </summary>
    /// <param name="logRatios">The log importance ratios of S ≥ 2 draws; NaN and +∞ are rejected.</param>
    /// <param name="relativeEfficiency">r_eff = ESS / S of the ratios' draws (1 for independent draws); sets the tail length.</param>
    /// <returns>The smoothed log weights (on the ratios' own scale, not normalized), k̂ and the tail length.</returns>
    public static ParetoSmoothedWeights Smooth(IReadOnlyList<double> logRatios, double relativeEfficiency = 1.0)
    {
        ArgumentNullException.ThrowIfNull(logRatios);
        int s = logRatios.Count;
        if (s < 2) throw new ArgumentException($"ParetoSmoothing: {s} log ratios; PSIS needs at least 2.", nameof(logRatios));
        if (!(relativeEfficiency > 0) || double.IsInfinity(relativeEfficiency))
            throw new ArgumentOutOfRangeException(nameof(relativeEfficiency), relativeEfficiency, "ParetoSmoothing: the relative efficiency r_eff must be positive and finite.");
        double max = double.NegativeInfinity;
        for (int i = 0; i < s; i++)
        {
            double r = logRatios[i];
            if (double.IsNaN(r) || double.IsPositiveInfinity(r))
                throw new ArgumentException($"ParetoSmoothing: log ratio {i} is {r}; log ratios must be finite or −∞.", nameof(logRatios));
            if (r > max) max = r;
        }
        if (double.IsNegativeInfinity(max)) throw new ArgumentException("ParetoSmoothing: every log ratio is −∞ (all weights zero).", nameof(logRatios));

        var lw = new double[s];
        for (int i = 0; i < s; i++) lw[i] = logRatios[i] - max;
        int tail = TailLength(s, relativeEfficiency);
        double k = double.PositiveInfinity;
        if (tail >= MinimumTailLength)
        {
            // Stable order (R's radix sort keeps ties in input order).
            var order = Enumerable.Range(0, s).OrderBy(i => lw[i]).ToArray();
            int first = s - tail;
            var tailValues = new double[tail];
            for (int j = 0; j < tail; j++) tailValues[j] = lw[order[first + j]];
            // loo skips smoothing when the tail is constant (to within machine epsilon / 100): k̂ stays ∞.
            if (Math.Abs(tailValues[^1] - tailValues[0]) >= 2.220446049250313e-16 / 100)
            {
                double cutoff = lw[order[first - 1]];
                var (smoothed, shape) = SmoothTail(tailValues, cutoff);
                for (int j = 0; j < tail; j++) lw[order[first + j]] = smoothed[j];
                k = shape;
            }
        }
        for (int i = 0; i < s; i++)
        {
            if (lw[i] > 0) lw[i] = 0;
            lw[i] += max;
        }
        return new ParetoSmoothedWeights(lw, k, tail);
    }

    /// <summary>The tail length M = ⌈min(0.2·S, 3·√(S / r_eff))⌉ (Vehtari et al. 2024, section 3).</summary>
    public static int TailLength(int draws, double relativeEfficiency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        if (!(relativeEfficiency > 0)) throw new ArgumentOutOfRangeException(nameof(relativeEfficiency), relativeEfficiency, "ParetoSmoothing: r_eff must be positive.");
        return (int)Math.Ceiling(Math.Min(0.2 * draws, 3 * Math.Sqrt(draws / relativeEfficiency)));
    }

    /// <summary>
    /// The sample-size dependent k̂ threshold min(1 − 1/log₁₀ S, 0.7) of Vehtari et al. (2024), section 3.2.5: above it the
    /// PSIS estimate is unreliable with S draws. (The fixed categories of <c>loo</c> 2.5.1 are in <see cref="Category"/>.)
    /// </summary>
    public static double KThreshold(int draws)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        return Math.Min(1 - 1 / Math.Log10(draws), 0.7);
    }

    /// <summary>
    /// The diagnostic category of a k̂ as <c>loo</c> 2.5.1 tables it: good (k̂ ≤ 0.5), ok (0.5 &lt; k̂ ≤ 0.7), bad
    /// (0.7 &lt; k̂ ≤ 1) and very bad (k̂ &gt; 1, or NaN).
    /// </summary>
    public static ParetoKCategory Category(double k) => k switch
    {
        <= 0.5 => ParetoKCategory.Good,
        <= 0.7 => ParetoKCategory.Ok,
        <= 1 => ParetoKCategory.Bad,
        _ => ParetoKCategory.VeryBad,
    };

    /// <summary>
    /// Fits a generalized Pareto distribution to exceedances x (all ≥ 0, sorted ascending) by the profile-likelihood
    /// quadrature of Zhang and Stephens (2009), with M = 30 + ⌊√n⌋ grid points, and shrinks k̂ toward 0.5 as if by
    /// 10 prior observations (Vehtari et al. 2024, appendix C: k̂·n/(n + 10) + 5/(n + 10)). Returns k̂ = ∞ where the
    /// estimate is NaN; σ̂ is from the unshrunk k̂.
    /// </summary>
    public static (double K, double Sigma) FitGeneralizedPareto(IReadOnlyList<double> sortedExceedances)
    {
        ArgumentNullException.ThrowIfNull(sortedExceedances);
        int n = sortedExceedances.Count;
        if (n < 2) throw new ArgumentException($"ParetoSmoothing: {n} exceedances; a generalized Pareto fit needs at least 2.", nameof(sortedExceedances));
        for (int i = 1; i < n; i++)
            if (!(sortedExceedances[i] >= sortedExceedances[i - 1]))
                throw new ArgumentException($"ParetoSmoothing: exceedances must be sorted ascending (element {i} is {sortedExceedances[i]} after {sortedExceedances[i - 1]}).", nameof(sortedExceedances));
        const double prior = 3;
        int m = 30 + (int)Math.Floor(Math.Sqrt(n));
        double xStar = sortedExceedances[(int)Math.Floor(n / 4.0 + 0.5) - 1];
        double xMax = sortedExceedances[n - 1];
        var theta = new double[m];
        var logLik = new double[m];
        double top = double.NegativeInfinity;
        for (int j = 0; j < m; j++)
        {
            theta[j] = 1 / xMax + (1 - Math.Sqrt(m / (j + 0.5))) / prior / xStar;
            double a = -theta[j];
            double meanLog = 0;
            for (int i = 0; i < n; i++) meanLog += SpecialFunctions.Log1p(a * sortedExceedances[i]);
            meanLog /= n;
            logLik[j] = n * (Math.Log(a / meanLog) - meanLog - 1);
            if (logLik[j] > top) top = logLik[j];
        }
        double total = 0;
        for (int j = 0; j < m; j++) total += Math.Exp(logLik[j] - top);
        double logTotal = top + Math.Log(total);
        double thetaHat = 0;
        for (int j = 0; j < m; j++) thetaHat += theta[j] * Math.Exp(logLik[j] - logTotal);
        double k = 0;
        for (int i = 0; i < n; i++) k += SpecialFunctions.Log1p(-thetaHat * sortedExceedances[i]);
        k /= n;
        double sigma = -k / thetaHat;
        k = k * n / (n + 10.0) + 10 * 0.5 / (n + 10.0);
        if (double.IsNaN(k)) k = double.PositiveInfinity;
        return (k, sigma);
    }

    /// <summary>Replaces a sorted tail (on the log scale, shifted so its maximum ratio is ≤ 0) by the fitted Pareto's quantiles.</summary>
    private static (double[] Tail, double K) SmoothTail(double[] tail, double cutoff)
    {
        int len = tail.Length;
        double expCutoff = Math.Exp(cutoff);
        var exceedances = new double[len];
        for (int j = 0; j < len; j++) exceedances[j] = Math.Exp(tail[j]) - expCutoff;
        var (k, sigma) = FitGeneralizedPareto(exceedances);
        if (double.IsInfinity(k)) return (tail, k);
        var smoothed = new double[len];
        for (int j = 0; j < len; j++)
        {
            double p = (j + 1 - 0.5) / len;
            double q = double.IsNaN(sigma) || sigma <= 0 ? double.NaN : sigma * SpecialFunctions.Expm1(-k * SpecialFunctions.Log1p(-p)) / k;
            smoothed[j] = Math.Log(q + expCutoff);
        }
        return (smoothed, k);
    }
}

/// <summary>The k̂ categories of <c>loo</c> 2.5.1's diagnostic table (see <see cref="ParetoSmoothing.Category"/>).</summary>
public enum ParetoKCategory
{
    /// <summary>k̂ ≤ 0.5: the importance-sampling estimate has finite variance and converges quickly.</summary>
    Good,
    /// <summary>0.5 &lt; k̂ ≤ 0.7: finite mean; PSIS is still reliable.</summary>
    Ok,
    /// <summary>0.7 &lt; k̂ ≤ 1: the estimate is unreliable.</summary>
    Bad,
    /// <summary>k̂ &gt; 1 (or not estimable): the importance ratios have no finite mean.</summary>
    VeryBad,
}
