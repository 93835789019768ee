using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>MathNet has no half-Cauchy: the references are 2p and 2F − 1 from MathNet's Cauchy(0, σ).</summary>
public sealed class HalfCauchyTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "HalfCauchy";
    protected override IUnivariateCdf Create(Real[] p) => Dist.HalfCauchy(p[0]);
    protected override double[][] ParameterSets => [[1], [0.05], [40]];
    protected override double ReferenceLogDensity(double[] p, double x) => Math.Log(2) + M.Cauchy.PDFLn(0, p[0], x);
    protected override double ReferenceCdf(double[] p, double x) => 2 * M.Cauchy.CDF(0, p[0], x) - 1;
    protected override (double[], string, string)[] InvalidCases => [([0], "sigma", "0"), ([double.NegativeInfinity], "sigma", double.NegativeInfinity.ToString())];
    // Infinite mean, undefined variance: quantiles are tested.
    protected override (double[], double, double, double) MomentCase => ([2], double.PositiveInfinity, double.NaN, double.NaN);
    protected override double[] OutsideSupport => [-1e-300, -1, double.NaN, double.PositiveInfinity]; // 0 is in the closed support [0, ∞)
}
