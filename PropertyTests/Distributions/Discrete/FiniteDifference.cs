using Probabilistic.Numerics;

namespace Probabilistic.PropertyTests.Distributions.Discrete;

/// <summary>
/// Tape gradients against finite differences. The reference is the central difference
/// D(h) = (f(x + h) − f(x − h))/2h Richardson-extrapolated to (4D(h/2) − D(h))/3, whose truncation
/// error is O(h⁴) (rounding adds about ε|f|/h), so with h = 1e−3 of the distance to the nearest
/// boundary of the parameter's domain it is far more accurate than the tolerance. Agreement means
/// |tape − reference| ≤ 1e−6·max(1, |tape|): relative 1e−6, with an absolute floor of 1e−6 for
/// gradients near 0.
/// </summary>
internal static class FiniteDifference
{
    public const double Tolerance = 1e-6;

    /// <summary>The Richardson-extrapolated central difference of f at x with step h.</summary>
    public static double Derivative(Func<double, double> f, double x, double h)
    {
        double d1 = (f(x + h) - f(x - h)) / (2 * h);
        double d2 = (f(x + h / 2) - f(x - h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }

    /// <summary>The tape gradient of f at x, and, coordinate by coordinate, whether it agrees with the reference (steps from <paramref name="step"/>).</summary>
    public static bool GradientAgrees(Func<Real[], Real> f, double[] x, Func<int, double> step, out string report)
    {
        var (_, gradient) = Tape.ValueAndGradient(f, x);
        var lines = new List<string>();
        bool ok = true;
        for (int i = 0; i < x.Length; i++)
        {
            int index = i;
            double reference = Derivative(t =>
            {
                var y = (double[])x.Clone();
                y[index] = t;
                return f(Array.ConvertAll(y, v => new Real(v))).Value;
            }, x[i], step(i));
            bool agrees = Math.Abs(gradient[i] - reference) <= Tolerance * Math.Max(1, Math.Abs(gradient[i]));
            ok &= agrees;
            lines.Add($"∂/∂x[{i}] at {x[i]:R}: tape {gradient[i]:R}, finite differences {reference:R}{(agrees ? "" : "  <-- differs")}");
        }
        report = string.Join("\n", lines);
        return ok;
    }

    /// <summary>A step of 1e−3 of the distance from x to the nearest of the given bounds (and at most 1e−3·max(1, |x|)).</summary>
    public static double Step(double x, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity) =>
        1e-3 * Math.Min(Math.Max(1, Math.Abs(x)), Math.Min(x - lower, upper - x));
}
