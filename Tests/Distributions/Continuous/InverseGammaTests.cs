using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class InverseGammaTests : ContinuousDistributionTests
{
    protected override string DistributionName => "InverseGamma";
    protected override IUnivariateCdf Create(Real[] p) => Dist.InverseGamma(p[0], p[1]);
    protected override double[][] ParameterSets => [[0.5, 1], [3, 2], [50, 0.1]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.InverseGamma.PDFLn(p[0], p[1], x);
    protected override double ReferenceCdf(double[] p, double x) => M.InverseGamma.CDF(p[0], p[1], x);
    protected override (double[], string, string)[] InvalidCases => [([0, 1], "alpha", "0"), ([1, -1], "beta", "-1")];
    // α = 6, β = 2: mean β/(α − 1), variance β²/((α − 1)²(α − 2)), excess kurtosis 6(5α − 11)/((α − 3)(α − 4)) = 19.
    protected override (double[], double, double, double) MomentCase => ([6, 2], 0.4, 0.04, 22 * 0.04 * 0.04);
    protected override double[] OutsideSupport => [0, -1, double.NaN, double.PositiveInfinity];
}
