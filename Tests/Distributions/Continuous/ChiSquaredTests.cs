using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class ChiSquaredTests : ContinuousDistributionTests
{
    protected override string DistributionName => "ChiSquared";
    protected override IUnivariateCdf Create(Real[] p) => Dist.ChiSquared(p[0]);
    protected override double[][] ParameterSets => [[0.3], [1], [4], [150]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.ChiSquared.PDFLn(p[0], x);
    protected override double ReferenceCdf(double[] p, double x) => M.ChiSquared.CDF(p[0], x);
    protected override (double[], string, string)[] InvalidCases => [([0], "nu", "0"), ([double.NaN], "nu", "NaN")];
    // Mean ν, variance 2ν, excess kurtosis 12/ν.
    protected override (double[], double, double, double) MomentCase => ([5], 5, 10, (3 + 12 / 5.0) * 100);
    protected override double[] OutsideSupport => [-1e-300, -1, double.NaN, double.PositiveInfinity]; // 0 is in the closed support [0, ∞)
}
