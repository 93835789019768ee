namespace Probabilistic.Numerics;

// W. J. Cody, "Rational Chebyshev approximations for the error function", Mathematics of
// Computation 23(107), 631–637, 1969; the coefficients and interval split of Cody's SPECFUN
// routine CALERF (netlib.org/specfun/erf): erf on |x| ≤ 0.46875, erfc on 0.46875 < |x| ≤ 4 and
// on |x| > 4 (in 1/x²), maximal relative error below 10⁻¹⁵ in double precision.
public static partial class SpecialFunctions
{
    private static readonly double[] ErfA = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] ErfB = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static readonly double[] ErfC =
    [
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
        8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
        2.15311535474403846e-8,
    ];
    private static readonly double[] ErfD =
    [
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
        3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03,
    ];
    private static readonly double[] ErfP = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] ErfQ = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    private const double OneOverSqrtPi = 5.6418958354775628695e-1;

    // erfc(y) underflows to 0 beyond this (CALERF's XBIG).
    private const double ErfcZeroBeyond = 26.543;

    /// <summary>The error function erf(x) = (2/√π)∫₀ˣ e^(−t²) dt.</summary>
    /// <remarks>Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; SPECFUN CALERF).</remarks>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double y = Math.Abs(x);
        if (y <= 0.46875) return x * ErfSmall(y);
        double c = ErfcLarge(y);
        return x < 0 ? c - 1.0 : 1.0 - c;
    }

    /// <summary>The complementary error function erfc(x) = 1 − erf(x), accurate in the upper tail.</summary>
    /// <remarks>Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; SPECFUN CALERF).</remarks>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        double y = Math.Abs(x);
        if (y <= 0.46875) return 1.0 - x * ErfSmall(y);
        double c = ErfcLarge(y);
        return x < 0 ? 2.0 - c : c;
    }

    /// <summary>erf(y)/y for 0 ≤ y ≤ 0.46875.</summary>
    private static double ErfSmall(double y)
    {
        double ysq = y > 1.11e-16 ? y * y : 0.0;
        double num = ErfA[4] * ysq, den = ysq;
        for (int i = 0; i < 3; i++)
        {
            num = (num + ErfA[i]) * ysq;
            den = (den + ErfB[i]) * ysq;
        }
        return (num + ErfA[3]) / (den + ErfB[3]);
    }

    /// <summary>erfc(y) for y &gt; 0.46875.</summary>
    private static double ErfcLarge(double y)
    {
        double r;
        if (y <= 4.0)
        {
            double num = ErfC[8] * y, den = y;
            for (int i = 0; i < 7; i++)
            {
                num = (num + ErfC[i]) * y;
                den = (den + ErfD[i]) * y;
            }
            r = (num + ErfC[7]) / (den + ErfD[7]);
        }
        else
        {
            if (y >= ErfcZeroBeyond) return 0.0;
            double ysq = 1.0 / (y * y);
            double num = ErfP[5] * ysq, den = ysq;
            for (int i = 0; i < 4; i++)
            {
                num = (num + ErfP[i]) * ysq;
                den = (den + ErfQ[i]) * ysq;
            }
            r = ysq * (num + ErfP[4]) / (den + ErfQ[4]);
            r = (OneOverSqrtPi - r) / y;
        }
        // e^(−y²) as e^(−s²)·e^(−(y − s)(y + s)) with s = y rounded down to 1/16, so that s² is exact (CALERF).
        double s = Math.Truncate(16.0 * y) / 16.0;
        double del = (y - s) * (y + s);
        return Math.Exp(-s * s) * Math.Exp(-del) * r;
    }
}
