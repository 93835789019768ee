using MathNet.Numerics;
using Probabilistic.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>
/// ∫ p(x) dx over a distribution's support by tanh-sinh (double exponential) quadrature (MathNet's
/// <c>Integrate.DoubleExponential</c>, target absolute error 10⁻¹⁰). The support is first mapped onto ℝ
/// (x = u on ℝ, x = eᵘ on (0, ∞), x = a + (b − a)σ(u) on (a, b)), which turns the integrable endpoint
/// singularities of Gamma and Beta with shapes below 1 into exponentially decaying tails; ℝ is then
/// mapped onto (−1, 1) by u = c + s·t/(1 − t²), with c and s the median and interquartile range in u,
/// and the integral is split at t = 0 (the median), where Laplace has its kink.
/// </summary>
public static class Quadrature
{
    public static double TotalMass(IUnivariateCdf d)
    {
        string support = d.Support.Name;
        double a = d.InverseCdf(0), b = d.InverseCdf(1);
        double ToU(double x) => support switch
        {
            "real" => x,
            "positive" or "nonnegative" => Math.Log(x),
            _ => Math.Log(x - a) - Math.Log(b - x),
        };
        // log(p(x(u))·dx/du).
        double LogIntegrand(double u) => support switch
        {
            "real" => d.LogProb(u).Value,
            "positive" or "nonnegative" => d.LogProb(Math.Exp(u)).Value + u,
            _ => d.LogProb(a + (b - a) * Logistic(u)).Value + Math.Log(b - a) + LogLogistic(u) + LogLogistic(-u),
        };
        double c = ToU(d.InverseCdf(0.5));
        double s = ToU(d.InverseCdf(0.75)) - ToU(d.InverseCdf(0.25));
        double F(double t)
        {
            double w = 1 - t * t;
            if (w <= 0) return 0;
            double u = c + s * t / w;
            if (!double.IsFinite(u)) return 0;
            double v = Math.Exp(LogIntegrand(u)) * s * (1 + t * t) / (w * w);
            return double.IsFinite(v) ? v : 0;
        }
        return Integrate.DoubleExponential(F, -1, 0, 1e-10) + Integrate.DoubleExponential(F, 0, 1, 1e-10);
    }

    private static double Logistic(double u) => u >= 0 ? 1 / (1 + Math.Exp(-u)) : Math.Exp(u) / (1 + Math.Exp(u));

    private static double LogLogistic(double u) => u >= 0 ? -Math.Log(1 + Math.Exp(-u)) : u - Math.Log(1 + Math.Exp(u));
}
