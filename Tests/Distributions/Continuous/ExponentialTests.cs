using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class ExponentialTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "Exponential";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Exponential(p[0]);
    protected override double[][] ParameterSets => [[1], [0.01], [250]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.Exponential.PDFLn(p[0], x);
    protected override double ReferenceCdf(double[] p, double x) => M.Exponential.CDF(p[0], x);
    protected override (double[], string, string)[] InvalidCases => [([0], "rate", "0"), ([double.NaN], "rate", "NaN")];
    // Mean 1/λ, variance 1/λ², excess kurtosis 6: μ₄ = 9/λ⁴.
    protected override (double[], double, double, double) MomentCase => ([2], 0.5, 0.25, 9 / 16.0);
    protected override double[] OutsideSupport => [-1e-300, -1, double.NaN, double.PositiveInfinity]; // 0 is in the closed support [0, ∞)
}
