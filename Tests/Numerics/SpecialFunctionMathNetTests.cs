using Probabilistic.Numerics;
using Xunit;
using MathNetSf = MathNet.Numerics.SpecialFunctions;

namespace Probabilistic.Tests.Numerics;

/// <summary>
/// Special functions against MathNet.Numerics (an independent implementation: Lanczos for log Γ,
/// Boost's rational approximations for erf) on a grid covering every band of our algorithms.
/// </summary>
public sealed class SpecialFunctionMathNetTests
{
    // Tolerances: our functions are within 10⁻¹⁵ relative of mpmath (SpecialFunctionReferenceTests
    // holds them to 10⁻¹⁴); a tolerance here must also cover MathNet's own error, which was measured
    // against mpmath (50 digits) at the points where the two disagreed by more than 10⁻¹⁴:
    // - GammaLn: within 3·10⁻¹⁵ relative; near the zeros of log Γ at 1 and 2 neither library can
    //   keep relative accuracy, so an absolute floor of 10⁻¹⁵ (a few ulps of the O(1) terms that cancel).
    // - DiGamma: absolute errors up to 2.3·10⁻¹⁵ (ψ(2) = 0.42278433509846713, MathNet …486;
    //   ψ(1.5) = 0.03648997397857652, MathNet …495; ours …656), hence the absolute floor 5·10⁻¹⁵.
    // - BetaLn: relative errors up to 1.5·10⁻¹⁴ (log B(0.2, 7.5) = 1.131886702920513, MathNet …5304;
    //   ours …5144), hence 5·10⁻¹⁴ relative.
    // - GammaLn is log Γ, not log |Γ|: it returns NaN where Γ(x) < 0 (−1 < x < 0, −3 < x < −2, …),
    //   so negative points are taken where Γ(x) > 0.
    // - Expm1 is not compared: MathNet's Expm1(0.01) = 0.010050167083333334 is wrong in the 11th
    //   digit (mpmath: 0.010050167084168058, ours …8057); the mpmath reference test covers it.
    private const double Relative = 1e-14, Absolute = 1e-15;
    private const double DigammaAbsolute = 5e-15, LogBetaRelative = 5e-14;

    public static TheoryData<double> Positive()
    {
        var data = new TheoryData<double>();
        foreach (double x in new[] { 1e-8, 0.01, 0.2, 0.49, 0.5, 0.75, 1.0, 1.1, 1.49, 1.5, 2.0, 2.3, 2.49, 2.5, 3.7, 6.1, 9.99, 10.0, 10.01, 17.3, 55.5, 171.5, 1e4, 3e8 })
            data.Add(x);
        return data;
    }

    public static TheoryData<double> Negative()
    {
        var data = new TheoryData<double>();
        foreach (double x in new[] { -1.3, -1.9, -3.5, -7.9, -33.33 }) data.Add(x); // Γ(x) > 0 here
        return data;
    }

    [Theory]
    [MemberData(nameof(Positive))]
    [MemberData(nameof(Negative))]
    public void LogGamma_matches_MathNet(double x) =>
        SpecialFunctionReferenceTests.AssertClose(MathNetSf.GammaLn(x), SpecialFunctions.LogGamma(x), Relative, Absolute, $"LogGamma({x:R})");

    [Theory]
    [MemberData(nameof(Positive))]
    [MemberData(nameof(Negative))]
    public void Digamma_matches_MathNet(double x) =>
        SpecialFunctionReferenceTests.AssertClose(MathNetSf.DiGamma(x), SpecialFunctions.Digamma(x), Relative, DigammaAbsolute, $"Digamma({x:R})");

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-10)]
    [InlineData(0.3)]
    [InlineData(-0.3)]
    [InlineData(0.46875)]
    [InlineData(0.47)]
    [InlineData(1.2)]
    [InlineData(-2.5)]
    [InlineData(3.99)]
    [InlineData(4.01)]
    [InlineData(5.5)]
    [InlineData(-6.0)]
    [InlineData(9.0)]
    [InlineData(27.0)]
    public void Erf_and_Erfc_match_MathNet(double x)
    {
        SpecialFunctionReferenceTests.AssertClose(MathNetSf.Erf(x), SpecialFunctions.Erf(x), Relative, Absolute, $"Erf({x:R})");
        SpecialFunctionReferenceTests.AssertClose(MathNetSf.Erfc(x), SpecialFunctions.Erfc(x), Relative, Absolute, $"Erfc({x:R})");
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(1.0, 3.0)]
    [InlineData(0.2, 7.5)]
    [InlineData(2.5, 9.0)]
    [InlineData(4.0, 30.0)]
    [InlineData(12.0, 14.5)]
    public void LogBeta_matches_MathNet(double a, double b) =>
        SpecialFunctionReferenceTests.AssertClose(MathNetSf.BetaLn(a, b), SpecialFunctions.LogBeta(a, b), LogBetaRelative, 0, $"LogBeta({a:R}, {b:R})");

    [Theory]
    [InlineData(1e-12)]
    [InlineData(-1e-7)]
    [InlineData(0.01)]
    [InlineData(0.7)]
    [InlineData(-0.9)]
    [InlineData(40.0)]
    public void Log1p_matches_MathNet(double x) =>
        SpecialFunctionReferenceTests.AssertClose(MathNetSf.Log1p(x), SpecialFunctions.Log1p(x), Relative, 0, $"Log1p({x:R})");

    [Theory]
    [MemberData(nameof(Positive))]
    public void Trigamma_is_the_derivative_of_Digamma(double x)
    {
        // MathNet has no trigamma; check ψ′ against a central difference of MathNet's ψ with step
        // h = 10⁻⁴·x. Truncation error h²|ψ‴|/6 relative to ψ′: for x ≪ 1, ψ′ ≈ 1/x² and ψ‴ ≈ 6/x⁴,
        // giving 10⁻⁸; for x ≫ 1, ψ′ ≈ 1/x and ψ‴ ≈ 2/x³, giving 3·10⁻⁹. Rounding error (ours and
        // MathNet's ≈ 10⁻¹⁵|ψ|) over h, relative to ψ′, is at most 2·10⁻¹⁰ (at x = 3·10⁸). The sum
        // is ≤ 10⁻⁸, and 10⁻⁷ leaves a factor of ten.
        double h = 1e-4 * x;
        double fd = (MathNetSf.DiGamma(x + h) - MathNetSf.DiGamma(x - h)) / (2 * h);
        SpecialFunctionReferenceTests.AssertClose(fd, SpecialFunctions.Trigamma(x), 1e-7, 0, $"Trigamma({x:R})");
    }
}
