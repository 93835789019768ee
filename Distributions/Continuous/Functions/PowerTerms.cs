using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// The prefactors of the incomplete gamma and beta functions in log space:
/// log(xᵃe⁻ˣ/Γ(a + 1)) and log(xᵃyᵇ/B(a, b)) with y = 1 − x. Near the peak (x ≈ a, resp. x ≈ a/(a + b))
/// with large parameters, the naive sums of a log x, x and log Γ cancel to many digits; there the
/// terms are regrouped with Stirling's formula into log1pmx(d) = log(1 + d) − d and the Stirling error
/// e(a) = log Γ(a + 1) − (a + ½) log a + a − ½ log 2π, which have no cancellation (the approach of
/// Temme, "Special functions", 1996, §11.2, and of R's <c>nmath/dpois.c</c>, <c>dbinom.c</c> by C. Loader).
/// </summary>
internal static class PowerTerms
{
    private const double LogTwoPi = 2 * Probabilistic.Numerics.SpecialFunctions.HalfLogTwoPi;

    /// <summary>log(xᵃe⁻ˣ/Γ(a + 1)) for a &gt; 0 and x ≥ 0, with <paramref name="logX"/> = log x (which may be finite when x has underflowed).</summary>
    public static double Gamma(double a, double x, double logX)
    {
        if (a >= 10 && Math.Abs(x - a) <= 0.5 * a)
            return a * Log1pmx((x - a) / a) - 0.5 * (LogTwoPi + Math.Log(a)) - StirlingError(a);
        return a * logX - x - SpecialFunctions.LogGamma(a + 1);
    }

    /// <summary>
    /// log(xᵃyᵇ/B(a, b)) for a, b &gt; 0, x, y ≥ 0 and x + y = 1 (both given, so neither is found by
    /// cancellation), with log x and log y (which a caller may know more accurately than x itself).
    /// </summary>
    public static double Beta(double a, double b, double x, double y, double logX, double logY)
    {
        double s = a + b;
        if (a >= 10 && b >= 10)
        {
            // With x₀ = a/s and δ = x − x₀ = (xb − ya)/s: a log(x/x₀) + b log(y/y₀) = a log1pmx(δ/x₀) + b log1pmx(−δ/y₀).
            double t = x * b - y * a;
            double da = t / a, db = -t / b;
            if (Math.Abs(da) <= 0.5 && Math.Abs(db) <= 0.5)
                return a * Log1pmx(da) + b * Log1pmx(db) + 0.5 * (Math.Log(a * b / s) - LogTwoPi)
                    - StirlingError(a) - StirlingError(b) + StirlingError(s);
        }
        return a * logX + b * logY - SpecialFunctions.LogBeta(a, b);
    }

    /// <summary>log(1 + d) − d for d &gt; −1, accurate also for small |d| (where both terms cancel).</summary>
    public static double Log1pmx(double d)
    {
        if (Math.Abs(d) > 0.5) return SpecialFunctions.Log1p(d) - d;
        // With r = d/(2 + d): log(1 + d) = 2 atanh r = 2(r + r³/3 + r⁵/5 + …) and d − 2r = d·r,
        // so log(1 + d) − d = −d·r + 2(r³/3 + r⁵/5 + …); |r| ≤ 1/3, no cancellation.
        double r = d / (2 + d), r2 = r * r;
        double lead = -d * r, term = r * r2, sum = 0;
        for (int k = 3; k < 200; k += 2)
        {
            double add = term / k;
            sum += add;
            if (Math.Abs(add) <= 1e-17 * Math.Abs(lead + 2 * sum)) break;
            term *= r2;
        }
        return lead + 2 * sum;
    }

    /// <summary>
    /// e(a) = log Γ(a + 1) − (a + ½) log a + a − ½ log 2π: Stirling's series
    /// 1/(12a) − 1/(360a³) + 1/(1260a⁵) − … (Abramowitz &amp; Stegun 6.1.41) for a ≥ 10, to the
    /// term in a⁻¹⁵ (below 10⁻¹⁶ there); the definition for a &lt; 10.
    /// </summary>
    public static double StirlingError(double a)
    {
        if (a < 10) return SpecialFunctions.LogGamma(a + 1) - (a + 0.5) * Math.Log(a) + a - 0.5 * LogTwoPi;
        double r = 1.0 / a, r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188
            - r2 * (691.0 / 360360 - r2 * (1.0 / 156 - r2 * (3617.0 / 122400))))))));
    }
}
