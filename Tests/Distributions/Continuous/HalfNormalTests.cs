using Probabilistic.Distributions;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>MathNet has no half-normal: the references are 2φ and 2Φ − 1 from MathNet's Normal.</summary>
public sealed class HalfNormalTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "HalfNormal";
    protected override IUnivariateCdf Create(Real[] p) => Dist.HalfNormal(p[0]);
    protected override double[][] ParameterSets => [[1], [0.03], [250]];
    protected override double ReferenceLogDensity(double[] p, double x) => Math.Log(2) + M.Normal.PDFLn(0, p[0], x);
    protected override double ReferenceCdf(double[] p, double x) => 2 * M.Normal.CDF(0, p[0], x) - 1;
    protected override (double[], string, string)[] InvalidCases => [([0], "sigma", "0"), ([-0.5], "sigma", "-0.5")];

    // Mean σ√(2/π), variance σ²(1 − 2/π), excess kurtosis 8(π − 3)/(π − 2)².
    protected override (double[], double, double, double) MomentCase
    {
        get
        {
            double sigma = 2, variance = sigma * sigma * (1 - 2 / Math.PI);
            double excess = 8 * (Math.PI - 3) / ((Math.PI - 2) * (Math.PI - 2));
            return ([sigma], sigma * Math.Sqrt(2 / Math.PI), variance, (3 + excess) * variance * variance);
        }
    }

    protected override double[] OutsideSupport => [-1e-300, -1, double.NaN, double.PositiveInfinity]; // 0 is in the closed support [0, ∞)
}
