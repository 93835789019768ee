using Probabilistic.Numerics;

namespace Probabilistic.Distributions.Discrete;

/// <summary>
/// Poisson variates: inversion by sequential search for λ &lt; 10 (L. Devroye, <i>Non-Uniform Random
/// Variate Generation</i>, 1986, §X.3.3), and for λ ≥ 10 the transformed rejection with squeeze PTRS of
/// W. Hörmann, "The transformed rejection method for generating Poisson random variables",
/// Insurance: Mathematics and Economics 12(1), 1993 (the constants of the paper, as NumPy uses them).
/// </summary>
internal static class PoissonVariate
{
    /// <summary>The mean below which inversion is used.</summary>
    public const double InversionBelow = 10;

    /// <summary>A Poisson(λ) draw as a double (an integer value; may exceed the range of int for huge λ). Allocates nothing.</summary>
    public static double Sample(Rng rng, double lambda)
    {
        if (lambda == 0) return 0;
        return lambda < InversionBelow ? Inversion(rng, lambda) : Ptrs(rng, lambda);
    }

    // P(0) = e^(−λ) ≥ 4.5e−5 for λ < 10; P(k) = P(k − 1)·λ/k. The total mass computed this way falls
    // short of 1 by rounding (~1e−15): a u beyond it starts over (after far more terms than matter).
    private static double Inversion(Rng rng, double lambda)
    {
        double p0 = Math.Exp(-lambda);
        while (true)
        {
            double u = rng.NextDouble(), p = p0;
            int k = 0;
            while (u > p && k < 1000)
            {
                u -= p;
                k++;
                p *= lambda / k;
            }
            if (k < 1000) return k;
        }
    }

    private static double Ptrs(Rng rng, double lambda)
    {
        double slam = Math.Sqrt(lambda), loglam = Math.Log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double logInvAlpha = Math.Log(1.1239 + 1.1328 / (b - 3.4));
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = rng.NextDouble() - 0.5;
            double v = rng.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + logInvAlpha - Math.Log(a / (us * us) + b) <= -lambda + k * loglam - SpecialFunctions.LogGamma(k + 1))
                return k;
        }
    }
}
