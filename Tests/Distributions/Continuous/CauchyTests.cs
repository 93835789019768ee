using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class CauchyTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "Cauchy";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Cauchy(p[0], p[1]);
    protected override double[][] ParameterSets => [[0, 1], [-3, 0.01], [100, 25]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.Cauchy.PDFLn(p[0], p[1], x);
    protected override double ReferenceCdf(double[] p, double x) => M.Cauchy.CDF(p[0], p[1], x);
    protected override (double[], string, string)[] InvalidCases => [([0, 0], "sigma", "0"), ([double.NaN, 1], "mu", "NaN")];
    // No moments: quantiles are tested.
    protected override (double[], double, double, double) MomentCase => ([1, 3], double.NaN, double.NaN, double.NaN);
    protected override int[] LocationParameters => [0];
    protected override double[] OutsideSupport => [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
}
