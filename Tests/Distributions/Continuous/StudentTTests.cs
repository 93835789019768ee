using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class StudentTTests : ContinuousDistributionTests
{
    protected override string DistributionName => "StudentT";
    protected override IUnivariateCdf Create(Real[] p) => Dist.StudentT(p[0], p[1], p[2]);
    protected override double[][] ParameterSets => [[3, 0, 1], [0.7, -2, 0.5], [30, 5, 3], [1e4, 0, 1]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.StudentT.PDFLn(p[1], p[2], p[0], x);
    protected override double ReferenceCdf(double[] p, double x) => M.StudentT.CDF(p[1], p[2], p[0], x);
    protected override (double[], string, string)[] InvalidCases =>
        [([0, 0, 1], "nu", "0"), ([3, double.NaN, 1], "mu", "NaN"), ([3, 0, -1], "sigma", "-1")];
    // ν = 3: variance σ²ν/(ν − 2) but no fourth moment, so quantiles are tested.
    protected override (double[], double, double, double) MomentCase => ([3, 1, 2], 1, 12, double.PositiveInfinity);
    protected override int[] LocationParameters => [1];
    protected override double[] OutsideSupport => [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
}
