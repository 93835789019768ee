using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>A univariate law on doubles, as a struct for <see cref="QuantileSearch"/>.</summary>
internal interface ICdfFunctions
{
    /// <summary>log F(x).</summary>
    double LogCdf(double x);

    /// <summary>log(1 − F(x)).</summary>
    double LogSurvival(double x);

    /// <summary>log f(x).</summary>
    double LogDensity(double x);
}

/// <summary>
/// F⁻¹(p) by a safeguarded Newton iteration (Press et al., <i>Numerical Recipes</i>, 3rd ed., §9.4,
/// <c>rtsafe</c>) on the tail that keeps relative accuracy: log F(x) = log p for p ≤ ½, and
/// log(1 − F(x)) = log(1 − p) otherwise, whose derivatives are f/F and −f/(1 − F). The root is kept in
/// a bracket; a Newton step that leaves it is replaced by bisection (geometric on a positive bracket
/// spanning more than a factor 4), and an unbounded bracket is first grown by doubling. The search stops
/// when a step is below a few ulps of |x| or of x's distance to the nearer finite bound of the support.
/// </summary>
internal static class QuantileSearch
{
    private const int MaxIterations = 500;
    private const double RelativeStep = 4e-16;

    /// <summary>F⁻¹(p) for p in [0, 1]: the bounds of the support at 0 and 1.</summary>
    public static double Solve<F>(in F law, double p, double lower, double upper, double guess) where F : struct, ICdfFunctions
    {
        if (p <= 0) return lower;
        if (p >= 1) return upper;
        bool lowerTail = p <= 0.5;
        double target = lowerTail ? Math.Log(p) : SpecialFunctions.Log1p(-p);
        double lo = lower, hi = upper;
        double x = guess > lower && guess < upper ? guess : Middle(lower, upper);
        for (int i = 0; i < MaxIterations; i++)
        {
            double logTail = lowerTail ? law.LogCdf(x) : law.LogSurvival(x);
            double g = lowerTail ? logTail - target : target - logTail;
            if (g == 0) return x;
            if (g < 0) lo = x; else hi = x;
            double slope = Math.Exp(law.LogDensity(x) - logTail);
            double next = x - g / slope;
            if (!(next > lo && next < hi))
            {
                if (double.IsPositiveInfinity(hi)) next = x + 2 * (Math.Abs(x) + 1);
                else if (double.IsNegativeInfinity(lo)) next = x - 2 * (Math.Abs(x) + 1);
                else next = Middle(lo, hi);
            }
            // Converged when the step (or the bracket) is below a few ulps of the scale on which x is
            // resolved: |x|, or its distance to a bound of the support where x is close to one (near a
            // bound the tail behaves like a power of that distance, not of x).
            double scale = Math.Min(Math.Abs(next), Math.Min(next - lower, upper - next));
            if (next == x || Math.Abs(next - x) <= RelativeStep * scale || hi - lo <= RelativeStep * scale) return next;
            x = next;
        }
        return x;
    }

    private static double Middle(double lo, double hi)
    {
        if (double.IsNegativeInfinity(lo)) return double.IsPositiveInfinity(hi) ? 0 : hi - 1;
        if (double.IsPositiveInfinity(hi)) return lo + 1;
        if (lo > 0 && hi > 4 * lo) return Math.Sqrt(lo) * Math.Sqrt(hi);
        if (hi < 0 && lo < 4 * hi) return -Math.Sqrt(-lo) * Math.Sqrt(-hi);
        return lo + 0.5 * (hi - lo);
    }
}
