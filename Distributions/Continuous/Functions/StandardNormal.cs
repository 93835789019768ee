using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// The standard normal's log CDF with its derivative, and its quantile function, on doubles.
/// log Φ(z) = log(½ erfc(−z/√2)) for −30 &lt; z &lt; 0 (erfc keeps its relative accuracy to its underflow),
/// log1p(−½ erfc(z/√2)) for z ≥ 0, and for z ≤ −30 the asymptotic series
/// Φ(z) = φ(z)/(−z) · Σₖ (−1)ᵏ (2k−1)!!/z²ᵏ (Abramowitz &amp; Stegun 26.2.12), whose eighth term is below
/// 10⁻¹⁷ there.
/// </summary>
internal static class StandardNormal
{
    /// <summary>½ log 2π.</summary>
    public const double HalfLogTwoPi = Probabilistic.Numerics.SpecialFunctions.HalfLogTwoPi;

    /// <summary>1/√2.</summary>
    private const double InvSqrt2 = 0.70710678118654752440;

    private const double AsymptoticBelow = -30;

    /// <summary>log φ(z) = −z²/2 − ½ log 2π.</summary>
    public static double LogDensity(double z) => -0.5 * z * z - HalfLogTwoPi;

    /// <summary>log Φ(z), and <paramref name="derivative"/> = d/dz log Φ(z) = φ(z)/Φ(z).</summary>
    public static double LogCdf(double z, out double derivative)
    {
        if (double.IsNaN(z))
        {
            derivative = double.NaN;
            return double.NaN;
        }
        if (z <= AsymptoticBelow)
        {
            if (double.IsNegativeInfinity(z))
            {
                derivative = double.PositiveInfinity;
                return double.NegativeInfinity;
            }
            double r = 1.0 / (z * z), term = 1.0, sum = 1.0;
            for (int k = 1; k <= 8; k++)
            {
                term *= -(2 * k - 1) * r;
                sum += term;
            }
            derivative = -z / sum;
            return LogDensity(z) - Math.Log(-z) + Math.Log(sum);
        }
        double phi = Math.Exp(-0.5 * z * z) * 0.39894228040143267794;
        if (z < 0)
        {
            double cdf = 0.5 * SpecialFunctions.Erfc(-z * InvSqrt2);
            derivative = phi / cdf;
            return Math.Log(cdf);
        }
        double upper = 0.5 * SpecialFunctions.Erfc(z * InvSqrt2);
        derivative = phi / (1.0 - upper);
        return SpecialFunctions.Log1p(-upper);
    }

    /// <summary>Φ⁻¹(p) = −√2 erfc⁻¹(2p) (MathNet's erfc⁻¹, Boost's rational approximations), for p in [0, 1].</summary>
    public static double InverseCdf(double p)
    {
        if (p <= 0.5) return -1.4142135623730950488 * MathNet.Numerics.SpecialFunctions.ErfcInv(2 * p);
        return 1.4142135623730950488 * MathNet.Numerics.SpecialFunctions.ErfcInv(2 * (1 - p));
    }
}
