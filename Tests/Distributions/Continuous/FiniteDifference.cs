using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>Tape gradients against finite differences.</summary>
public static class FiniteDifference
{
    private const double Ulp = 2.220446049250313e-16;

    /// <summary>
    /// ∂f/∂xᵢ by the five-point stencil [f(x − 2h) − 8f(x − h) + 8f(x + h) − f(x + 2h)]/(12h), with h
    /// rounded down to a power of two so that x ± h and x ± 2h are exact (an inexact step near x = 1
    /// would otherwise err by ulp(x)/h). Its truncation error is h⁴f⁽⁵⁾/30; its rounding error is at most
    /// 18δ/(12h) if each evaluation of f errs by δ (<see cref="AssertGradient"/> bounds δ).
    /// </summary>
    public static double Partial(Func<double[], double> f, double[] x, int i, double h, out double maxAbs)
    {
        h = PowerOfTwoBelow(h);
        double m = 0;
        double At(double t)
        {
            var y = (double[])x.Clone();
            y[i] = t;
            double v = f(y);
            m = Math.Max(m, Math.Abs(v));
            return v;
        }
        double xi = x[i];
        double result = (At(xi - 2 * h) - 8 * At(xi - h) + 8 * At(xi + h) - At(xi + 2 * h)) / (12 * h);
        maxAbs = m;
        return result;
    }

    public static double PowerOfTwoBelow(double h) => Math.ScaleB(1.0, Math.ILogB(h));

    /// <summary>The default step: 10⁻⁴ of the coordinate (10⁻⁶ at 0).</summary>
    public static double Step(double x) => x == 0 ? 1e-6 : 1e-4 * Math.Abs(x);

    /// <summary>
    /// Asserts that the tape gradient of <paramref name="f"/> at <paramref name="x"/> equals the five-point
    /// finite differences to relative 10⁻⁶, plus the differences' own rounding error: each evaluation of
    /// f (a sum of a few terms, each within a few ulps) is taken to err by at most δ = 16 ulps of
    /// max(1, |f|), which the stencil turns into at most 1.5δ/h. An absolute 10⁻¹⁰ covers partials that are exactly 0.
    /// </summary>
    public static void AssertGradient(Func<Real[], Real> f, double[] x, Func<int, double>? step = null, string context = "")
    {
        var (_, gradient) = Tape.ValueAndGradient(f, x);
        double Plain(double[] y) => f(Array.ConvertAll(y, v => new Real(v))).Value;
        for (int i = 0; i < x.Length; i++)
        {
            double h = PowerOfTwoBelow(step?.Invoke(i) ?? Step(x[i]));
            double fd = Partial(Plain, x, i, h, out double maxAbs);
            double rounding = 1.5 * 16 * Ulp * Math.Max(1, maxAbs) / h;
            double tolerance = 1e-6 * Math.Max(Math.Abs(gradient[i]), Math.Abs(fd)) + rounding + 1e-10;
            Assert.True(Math.Abs(gradient[i] - fd) <= tolerance,
                $"{context} ∂/∂x[{i}] at [{string.Join(", ", x)}]: tape {gradient[i]:R}, finite difference {fd:R} (step {h:R})");
        }
    }
}
