using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class LogisticTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "Logistic";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Logistic(p[0], p[1]);
    protected override double[][] ParameterSets => [[0, 1], [3, 0.2], [-10, 15]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.Logistic.PDFLn(p[0], p[1], x);
    protected override double ReferenceCdf(double[] p, double x) => M.Logistic.CDF(p[0], p[1], x);
    protected override (double[], string, string)[] InvalidCases => [([0, -1], "s", "-1"), ([double.NaN, 1], "mu", "NaN")];

    // Variance s²π²/3, excess kurtosis 6/5.
    protected override (double[], double, double, double) MomentCase
    {
        get
        {
            double s = 0.5, variance = s * s * Math.PI * Math.PI / 3;
            return ([1, s], 1, variance, 4.2 * variance * variance);
        }
    }

    protected override int[] LocationParameters => [0];
    protected override double[] OutsideSupport => [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
}
