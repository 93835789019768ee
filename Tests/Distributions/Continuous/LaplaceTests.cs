using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class LaplaceTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "Laplace";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Laplace(p[0], p[1]);
    protected override double[][] ParameterSets => [[0, 1], [2.5, 0.1], [-50, 7]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.Laplace.PDFLn(p[0], p[1], x);
    protected override double ReferenceCdf(double[] p, double x) => M.Laplace.CDF(p[0], p[1], x);
    protected override (double[], string, string)[] InvalidCases => [([0, 0], "b", "0"), ([double.NaN, 1], "mu", "NaN")];
    // Variance 2b², excess kurtosis 3: μ₄ = 6·(2b²)².
    protected override (double[], double, double, double) MomentCase => ([1, 2], 1, 8, 384);
    protected override int[] LocationParameters => [0];

    // Not the median: the density has its kink at x = μ, where finite differences are meaningless.
    protected override double[] Levels => [1e-6, 0.01, 0.2, 0.45, 0.8, 0.99, 1 - 1e-6];
    protected override double[] OutsideSupport => [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
}
