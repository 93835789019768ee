using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class LogNormalTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "LogNormal";
    protected override IUnivariateCdf Create(Real[] p) => Dist.LogNormal(p[0], p[1]);
    protected override double[][] ParameterSets => [[0, 1], [1.2, 0.3], [-2, 2.5]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.LogNormal.PDFLn(p[0], p[1], x);
    protected override double ReferenceCdf(double[] p, double x) => M.LogNormal.CDF(p[0], p[1], x);
    protected override (double[], string, string)[] InvalidCases =>
        [([0, 0], "sigma", "0"), ([0, -2], "sigma", "-2"), ([double.PositiveInfinity, 1], "mu", double.PositiveInfinity.ToString())];

    // Mean e^(μ + σ²/2), variance (e^(σ²) − 1)e^(2μ + σ²), kurtosis e^(4σ²) + 2e^(3σ²) + 3e^(2σ²) − 3.
    protected override (double[], double, double, double) MomentCase
    {
        get
        {
            double mu = 0.2, s2 = 0.25;
            double variance = (Math.Exp(s2) - 1) * Math.Exp(2 * mu + s2);
            double kurtosis = Math.Exp(4 * s2) + 2 * Math.Exp(3 * s2) + 3 * Math.Exp(2 * s2) - 3;
            return ([mu, 0.5], Math.Exp(mu + s2 / 2), variance, kurtosis * variance * variance);
        }
    }

    protected override double[] OutsideSupport => [0, -1, double.NaN, double.PositiveInfinity];
}
