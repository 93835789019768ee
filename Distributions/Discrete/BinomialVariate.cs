using Probabilistic.Numerics;

namespace Probabilistic.Distributions.Discrete;

/// <summary>
/// Binomial variates. With q = min(p, 1 − p) (and n − X for p &gt; ½): inversion by sequential search
/// from 0 when n·q &lt; 10 (L. Devroye, <i>Non-Uniform Random Variate Generation</i>, 1986, §X.4.3),
/// otherwise the transformed rejection with squeeze BTRS of W. Hörmann, "The generation of binomial
/// random variates", J. Statist. Comput. Simul. 46, 1993 (valid for n·q ≥ 10; it needs no setup
/// tables, unlike BTPE, so parameters may change every draw, as in the multinomial's conditional
/// binomials). The acceptance test uses exact log-factorials, so the draws are exact.
/// </summary>
internal static class BinomialVariate
{
    /// <summary>n·min(p, 1 − p) below which inversion is used.</summary>
    public const double InversionBelow = 10;

    /// <summary>A Binomial(n, p) draw, n ≥ 0, p ∈ [0, 1]. Allocates nothing.</summary>
    public static int Sample(Rng rng, int n, double p)
    {
        if (n == 0 || p <= 0) return 0;
        if (p >= 1) return n;
        bool flip = p > 0.5;
        double q = flip ? 1 - p : p;
        int k = n * q < InversionBelow ? Inversion(rng, n, q) : Btrs(rng, n, q);
        return flip ? n - k : k;
    }

    // P(0) = (1 − q)ⁿ ≥ e^(−1.39·n·q) ≥ 1e−6 for q ≤ ½ and n·q < 10; P(k) = P(k − 1)·(n − k + 1)/k·q/(1 − q).
    // A u beyond the computed total mass (short of 1 by rounding) starts over.
    private static int Inversion(Rng rng, int n, double q)
    {
        double p0 = Math.Exp(n * SpecialFunctions.Log1p(-q)), r = q / (1 - q);
        while (true)
        {
            double u = rng.NextDouble(), f = p0;
            int k = 0;
            while (u > f && k < n)
            {
                u -= f;
                k++;
                f *= r * (n - k + 1) / k;
            }
            if (u <= f) return k;
        }
    }

    private static int Btrs(Rng rng, int n, double p)
    {
        double q = 1 - p;
        double spq = Math.Sqrt(n * p * q);
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double alpha = (2.83 + 5.1 / b) * spq;
        double lpq = Math.Log(p / q);
        double m = Math.Floor((n + 1.0) * p);
        double h = SpecialFunctions.LogGamma(m + 1) + SpecialFunctions.LogGamma(n - m + 1);
        while (true)
        {
            double u = rng.NextDouble() - 0.5;
            double v = rng.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n) continue;
            if (us >= 0.07 && v <= vr) return (int)k;
            v = Math.Log(v * alpha / (a / (us * us) + b));
            if (v <= h - SpecialFunctions.LogGamma(k + 1) - SpecialFunctions.LogGamma(n - k + 1) + (k - m) * lpq)
                return (int)k;
        }
    }
}
