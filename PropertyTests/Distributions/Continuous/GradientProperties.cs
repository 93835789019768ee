using FsCheck.Xunit;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.PropertyTests.Distributions.Continuous;

/// <summary>
/// For random valid parameters and points of the support: the tape gradients of LogProb, LogCdf and
/// LogSurvival with respect to the argument and every parameter equal five-point finite differences.
/// </summary>
public class GradientProperties
{
    private const double Ulp = 2.220446049250313e-16;

    // Steps: 10⁻⁴ of the scale on which f varies in that coordinate, rounded down to a power of two so
    // that x ± h and x ± 2h are exact. x on ℝ and location parameters enter through x − μ: scale
    // max(IQR, |x − median|). x on (0, ∞) or (a, b): its distance to the nearest bound. Scales and
    // shapes: their value. Uniform's bounds move relative to x, so all its steps are x's.
    private static double Step(ContinuousPoint p, double[] point, int i)
    {
        var d = p.Distribution;
        double x = point[0];
        double lower = d.InverseCdf(0), upper = d.InverseCdf(1);
        double h;
        if (p.Case.Name == "Uniform") h = 1e-4 * Math.Min(x - lower, upper - x);
        else if ((i == 0 || Array.IndexOf(p.Case.Locations, i - 1) >= 0) && d.Support.Name == "real")
            h = 1e-4 * Math.Max(d.InverseCdf(0.75) - d.InverseCdf(0.25), Math.Abs(x - d.InverseCdf(0.5)));
        else if (i == 0) h = 1e-4 * Math.Min(x - lower, double.IsPositiveInfinity(upper) ? x - lower : upper - x);
        else h = 1e-4 * Math.Abs(point[i]);
        return Math.ScaleB(1.0, Math.ILogB(h));
    }

    // The five-point stencil's truncation error is h⁴f⁽⁵⁾/30 ≈ 10⁻¹⁶ of f's scale; its rounding error is
    // 1.5δ/h when each evaluation errs by δ, taken as 16 ulps of max(1, |f|). The tape must agree to
    // 10⁻⁶ relative plus that rounding (plus 10⁻¹⁰ for partials that are exactly 0).
    private static void AssertGradient(ContinuousPoint p, Func<IUnivariateCdf, Real, Real> f, string what)
    {
        double[] point = [p.X, .. p.Parameters];
        var (_, gradient) = Tape.ValueAndGradient(v => f(p.Case.Create(v[1..]), v[0]), point);
        for (int i = 0; i < point.Length; i++)
        {
            double h = Step(p, point, i), m = 0;
            double At(double t)
            {
                var y = (double[])point.Clone();
                y[i] = t;
                double v = f(p.Case.Create(y[1..]), y[0]).Value;
                m = Math.Max(m, Math.Abs(v));
                return v;
            }
            double xi = point[i];
            double fd = (At(xi - 2 * h) - 8 * At(xi - h) + 8 * At(xi + h) - At(xi + 2 * h)) / (12 * h);
            double tolerance = 1e-6 * Math.Max(Math.Abs(gradient[i]), Math.Abs(fd)) + 1.5 * 16 * Ulp * Math.Max(1, m) / h + 1e-10;
            Assert.True(Math.Abs(gradient[i] - fd) <= tolerance, $"{p}: ∂{what}/∂[{i}] tape {gradient[i]:R}, finite difference {fd:R} (step {h:R})");
        }
    }

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(ContinuousArbitrary) })]
    public void LogProb_gradient_matches_finite_differences(ContinuousPoint p) => AssertGradient(p, (d, x) => d.LogProb(x), "LogProb");

    [Property(MaxTest = 200, Arbitrary = new[] { typeof(ContinuousArbitrary) })]
    public void LogCdf_and_LogSurvival_gradients_match_finite_differences(ContinuousPoint p)
    {
        AssertGradient(p, (d, x) => d.LogCdf(x), "LogCdf");
        AssertGradient(p, (d, x) => d.LogSurvival(x), "LogSurvival");
    }
}
