using Xunit.Sdk;

namespace Probabilistic.PropertyTests.Programs;

/// <summary>
/// Floating-point comparison for log densities and probabilities: equal infinities match, NaN never
/// does, finite values match to 1e-9 relative to max(1, |a|, |b|) (the sums compared here have at most
/// a few dozen terms of magnitude ≤ 10, so the rounding error is around 1e-14).
/// </summary>
public static class Tolerance
{
    public const double Relative = 1e-9;

    public static bool Close(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return false;
        if (double.IsInfinity(a) || double.IsInfinity(b)) return a == b;
        return Math.Abs(a - b) <= Relative * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));
    }

    public static void AssertClose(double expected, double actual, string what)
    {
        if (!Close(expected, actual))
            throw new XunitException($"{what}: expected {expected:R}, got {actual:R} (difference {actual - expected:R}).");
    }
}
