namespace Probabilistic.Numerics;

public static partial class SpecialFunctions
{
    // ζ(k) − 1 for k = 2 … 30, computed with mpmath at 40 digits and rounded to double.
    private static readonly double[] ZetaMinusOne =
    [
        0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993,
        0.01734306198444914, 0.008349277381922827, 0.00407735619794434, 0.0020083928260822143,
        0.0009945751278180853, 0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915,
        6.124813505870483e-05, 3.058823630702049e-05, 1.528225940865187e-05, 7.637197637899763e-06,
        3.81729326499984e-06, 1.908212716553939e-06, 9.539620338727962e-07, 4.769329867878064e-07,
        2.38450502727733e-07, 1.1921992596531106e-07, 5.960818905125948e-08, 2.980350351465228e-08,
        1.4901554828365043e-08, 7.45071178983543e-09, 3.725334024788457e-09, 1.862659723513049e-09,
        9.313274324196682e-10,
    ];

    // Coefficients (−1)ᵏ(ζ(k) − 1)/k of zᵏ in log Γ(1 + z), and (−1)ᵏ(ζ(k) − 1) of zᵏ⁻¹ in ψ(1 + z); index k − 2.
    private static readonly double[] LogGammaSeries = Coefficients(divideByK: true);
    private static readonly double[] DigammaSeries = Coefficients(divideByK: false);

    private const double EulerGamma = 0.57721566490153286;

    private static double[] Coefficients(bool divideByK)
    {
        var c = new double[ZetaMinusOne.Length];
        for (int i = 0; i < c.Length; i++)
        {
            int k = i + 2;
            double v = (k % 2 == 0 ? 1.0 : -1.0) * ZetaMinusOne[i];
            c[i] = divideByK ? v / k : v;
        }
        return c;
    }

    /// <summary>Σₖ₌₂ c[k−2]·zᵏ⁻², by Horner's rule.</summary>
    private static double Series(double[] c, double z)
    {
        double p = c[^1];
        for (int i = c.Length - 2; i >= 0; i--) p = p * z + c[i];
        return p;
    }

    /// <summary>log Γ(1 + z) for |z| ≤ ½: A&amp;S 6.1.33, −log(1 + z) + z(1 − γ) + Σₖ≥₂ (−1)ᵏ(ζ(k) − 1)zᵏ/k; 29 terms leave an error below 10⁻¹⁸·|z|.</summary>
    private static double LogGammaOnePlus(double z) =>
        -Log1p(z) + z * ((1.0 - EulerGamma) + z * Series(LogGammaSeries, z));

    /// <summary>The Stirling-series remainder log Γ(x) − [(x − ½)log x − x + ½ log 2π] for x ≥ 10 (A&amp;S 6.1.40; Bernoulli numbers B₂ … B₁₆), error below 10⁻¹⁷.</summary>
    private static double StirlingCorrection(double x)
    {
        double r = 1.0 / x, r2 = r * r;
        return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188
            + r2 * (-691.0 / 360360 + r2 * (1.0 / 156 + r2 * (-3617.0 / 122400))))))));
    }

    /// <summary>
    /// log |Γ(x)|: +∞ at the poles x = 0, −1, −2, …; NaN for NaN.
    /// </summary>
    /// <remarks>
    /// x ≥ 10: Stirling's series (A&amp;S 6.1.40). ½ ≤ x &lt; 2.5: the Taylor series of log Γ about
    /// 1 and 2 in ζ(k) − 1 (A&amp;S 6.1.33, with log Γ(2 + z) = log(1 + z) + log Γ(1 + z)), which keeps
    /// full relative accuracy near the zeros at 1 and 2. 2.5 ≤ x &lt; 10: the recurrence
    /// Γ(x + 1) = xΓ(x) down to [1.5, 2.5). 0 &lt; x &lt; ½: log Γ(1 + x) − log x. x &lt; 0: the
    /// reflection formula Γ(x)Γ(1 − x) = π/sin(πx) (A&amp;S 6.1.17). Relative error about 10⁻¹⁵ for x &gt; 0.
    /// </remarks>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x) || double.IsPositiveInfinity(x)) return x; // Stirling's form would give ∞ − ∞
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.PositiveInfinity;
            return LogPi - Math.Log(Math.Abs(double.SinPi(x))) - LogGamma(1.0 - x);
        }
        if (x < 0.5) return LogGammaOnePlus(x) - Math.Log(x);
        if (x < 1.5) return LogGammaOnePlus(x - 1.0);
        if (x >= 10) return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + StirlingCorrection(x);
        double p = 1.0;
        while (x >= 2.5)
        {
            x -= 1.0; // exact: x < 10
            p *= x;
        }
        double z = x - 2.0;
        return Math.Log(p) + Log1p(z) + LogGammaOnePlus(z);
    }

    /// <summary>The digamma function ψ(x) = d/dx log Γ(x): NaN at the poles x = 0, −1, −2, … and for NaN.</summary>
    /// <remarks>
    /// x ≥ 10: the asymptotic series ψ(x) ~ log x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (A&amp;S 6.3.18, to B₁₄).
    /// ½ ≤ x &lt; 2.5: the derivative of A&amp;S 6.1.33, ψ(1 + z) = −γ + z/(1 + z) + Σₖ≥₂ (−1)ᵏ(ζ(k) − 1)zᵏ⁻¹
    /// and ψ(2 + z) = 1 − γ + Σₖ≥₂ (−1)ᵏ(ζ(k) − 1)zᵏ⁻¹. 2.5 ≤ x &lt; 10: ψ(x + 1) = ψ(x) + 1/x (A&amp;S 6.3.5)
    /// down to [1.5, 2.5), adding positive terms. 0 &lt; x &lt; ½: ψ(1 + x) − 1/x. x &lt; 0: the reflection
    /// ψ(1 − x) − ψ(x) = π cot πx (A&amp;S 6.3.7). Relative error about 10⁻¹⁵, except within about
    /// 10⁻² of the positive root x₀ = 1.46163… where the absolute error is about 10⁻¹⁶.
    /// </remarks>
    public static double Digamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.NaN;
            return Digamma(1.0 - x) - Math.PI * double.CosPi(x) / double.SinPi(x);
        }
        if (x < 0.5) return DigammaOnePlus(x) - 1.0 / x;
        if (x < 1.5) return DigammaOnePlus(x - 1.0);
        if (x >= 10)
        {
            double r = 1.0 / x, r2 = r * r;
            return Math.Log(x) - 0.5 * r - r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 - r2 * (1.0 / 240
                - r2 * (1.0 / 132 - r2 * (691.0 / 32760 - r2 * (1.0 / 12)))))));
        }
        double sum = 0.0;
        while (x >= 2.5)
        {
            x -= 1.0;
            sum += 1.0 / x;
        }
        double z = x - 2.0;
        return (1.0 - EulerGamma) + z * Series(DigammaSeries, z) + sum;
    }

    private static double DigammaOnePlus(double z) =>
        -EulerGamma + z / (1.0 + z) + z * Series(DigammaSeries, z);

    /// <summary>The trigamma function ψ′(x) = d²/dx² log Γ(x): +∞ at the poles x = 0, −1, −2, …; NaN for NaN.</summary>
    /// <remarks>
    /// x &gt; 0: the recurrence ψ′(x) = ψ′(x + 1) + 1/x² (A&amp;S 6.4.6) up to x ≥ 10, then the asymptotic
    /// series ψ′(x) ~ 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹ (A&amp;S 6.4.12, to B₁₄); every term is positive, so the
    /// relative error is about 10⁻¹⁵. x &lt; 0: the reflection ψ′(1 − x) + ψ′(x) = π²/sin²(πx) (A&amp;S 6.4.7).
    /// </remarks>
    public static double Trigamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.PositiveInfinity;
            double s = Math.PI / double.SinPi(x);
            return s * s - Trigamma(1.0 - x);
        }
        double sum = 0.0;
        while (x < 10)
        {
            sum += 1.0 / (x * x);
            x += 1.0;
        }
        double r = 1.0 / x, r2 = r * r;
        double tail = r + r2 * (0.5 + r * (1.0 / 6 + r2 * (-1.0 / 30 + r2 * (1.0 / 42 + r2 * (-1.0 / 30
            + r2 * (5.0 / 66 + r2 * (-691.0 / 2730 + r2 * (7.0 / 6))))))));
        return tail + sum;
    }

    /// <summary>log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b &gt; 0 (NaN otherwise).</summary>
    /// <remarks>
    /// When the larger argument is at least 10, the terms (x − ½)log x − x of Stirling's series
    /// are combined analytically before they are summed, so that nothing large cancels:
    /// with s = a + b and δ the Stirling remainder, log B = log Γ(a) + (b − ½)log(b/s) − a log s + a
    /// + δ(b) − δ(s) when a &lt; 10 ≤ b, and ½ log 2π + (a − ½)log(a/s) + (b − ½)log(b/s) − ½ log s
    /// + δ(a) + δ(b) − δ(s) when both are at least 10 (the decomposition of R's <c>nmath/lbeta.c</c>,
    /// R Core Team).
    /// </remarks>
    public static double LogBeta(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b) || a <= 0 || b <= 0) return double.NaN;
        if (a > b) (a, b) = (b, a);
        if (b < 10) return LogGamma(a) + LogGamma(b) - LogGamma(a + b);
        if (double.IsPositiveInfinity(b)) return double.NegativeInfinity;
        double s = a + b;
        double correction = StirlingCorrection(b) - StirlingCorrection(s);
        double logBOverS = Log1p(-a / s);
        if (a < 10)
            return LogGamma(a) + (b - 0.5) * logBOverS - a * Math.Log(s) + a + correction;
        return HalfLogTwoPi + (a - 0.5) * Math.Log(a / s) + (b - 0.5) * logBOverS - 0.5 * Math.Log(s)
            + StirlingCorrection(a) + correction;
    }
}
