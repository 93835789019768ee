namespace Probabilistic.Numerics;

/// <summary>
/// Special functions on <see cref="double"/>: accurate log(1 + x) and eˣ − 1, log Γ, digamma,
/// trigamma, log B, erf and erfc. Core depends on no numerics package, so they are implemented
/// here; each cites its algorithm. <see cref="RealMath"/> builds the differentiable versions on them.
/// </summary>
public static partial class SpecialFunctions
{
    /// <summary>log π.</summary>
    internal const double LogPi = 1.1447298858494002;

    /// <summary>½ log 2π.</summary>
    internal const double HalfLogTwoPi = 0.91893853320467274;

    /// <summary>2/√π, the derivative of erf at 0.</summary>
    internal const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>
    /// log(1 + x), accurate also for |x| much smaller than 1 (where computing 1 + x first loses
    /// the digits of x).
    /// </summary>
    /// <remarks>
    /// With u = fl(1 + x), log1p(x) = log(u)·x/(u − 1): the rounding error of u cancels between
    /// log(u) and u − 1 (D. Goldberg, "What every computer scientist should know about
    /// floating-point arithmetic", ACM Computing Surveys 23(1), 1991, Theorem 4).
    /// (.NET's <c>double.LogP1</c> computes log(x + 1) directly, which is inaccurate for small x.)
    /// </remarks>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsPositiveInfinity(u)) return Math.Log(u);
        return Math.Log(u) * (x / (u - 1.0));
    }

    /// <summary>eˣ − 1, accurate also for |x| much smaller than 1.</summary>
    /// <remarks>
    /// With u = fl(eˣ), expm1(x) = (u − 1)·x/log(u): the rounding error of u cancels between
    /// u − 1 and log(u) (W. Kahan; N. J. Higham, <i>Accuracy and Stability of Numerical
    /// Algorithms</i>, 2nd ed., 2002, §1.14.1). (.NET's <c>double.ExpM1</c> computes eˣ − 1 directly.)
    /// </remarks>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * (x / Math.Log(u));
    }
}
