using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;
using static MathNet.Numerics.SpecialFunctions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class WeibullTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "Weibull";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Weibull(p[0], p[1]);
    protected override double[][] ParameterSets => [[0.5, 1], [1.5, 2], [5, 0.01], [30, 100]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.Weibull.PDFLn(p[0], p[1], x);
    // MathNet's Weibull.CDF goes through its Expm1, which errs from the 8th digit (Expm1(0.0513) =
    // 0.0526315759630 against 0.0526315789474), so the closed form 1 − exp(−(x/λ)ᵏ) is the reference;
    // at the levels compared (F ∈ [0.05, 0.95]) its cancellation costs at most 2·10⁻¹⁵.
    protected override double ReferenceCdf(double[] p, double x) => 1 - Math.Exp(-Math.Pow(x / p[1], p[0]));
    protected override (double[], string, string)[] InvalidCases => [([0, 1], "k", "0"), ([1, -3], "lambda", "-3")];

    // With Γᵢ = Γ(1 + i/k): mean λΓ₁, variance λ²(Γ₂ − Γ₁²), μ₄ = λ⁴(Γ₄ − 4Γ₃Γ₁ + 6Γ₂Γ₁² − 3Γ₁⁴).
    protected override (double[], double, double, double) MomentCase
    {
        get
        {
            double k = 2, lambda = 1.5;
            double g1 = Gamma(1 + 1 / k), g2 = Gamma(1 + 2 / k), g3 = Gamma(1 + 3 / k), g4 = Gamma(1 + 4 / k);
            double l2 = lambda * lambda;
            return ([k, lambda], lambda * g1, l2 * (g2 - g1 * g1), l2 * l2 * (g4 - 4 * g3 * g1 + 6 * g2 * g1 * g1 - 3 * Math.Pow(g1, 4)));
        }
    }

    protected override double[] OutsideSupport => [-1e-300, -1, double.NaN, double.PositiveInfinity]; // 0 is in the closed support [0, ∞)
}
