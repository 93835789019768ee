using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class NormalTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "Normal";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Normal(p[0], p[1]);
    protected override double[][] ParameterSets => [[0, 1], [-3.5, 0.2], [1e3, 40]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.Normal.PDFLn(p[0], p[1], x);
    protected override double ReferenceCdf(double[] p, double x) => M.Normal.CDF(p[0], p[1], x);
    protected override (double[], string, string)[] InvalidCases =>
        [([0, 0], "sigma", "0"), ([0, -1], "sigma", "-1"), ([double.NaN, 1], "mu", "NaN"), ([0, double.NaN], "sigma", "NaN")];
    // μ₄ = 3σ⁴.
    protected override (double[], double, double, double) MomentCase => ([1.5, 2], 1.5, 4, 48);
    protected override int[] LocationParameters => [0];
    protected override double[] OutsideSupport => [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
}
