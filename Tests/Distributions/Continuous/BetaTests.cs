using Probabilistic.Distributions;
using Xunit;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class BetaTests : ContinuousDistributionTests
{
    protected override string DistributionName => "Beta";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Beta(p[0], p[1]);
    protected override double[][] ParameterSets => [[0.3, 0.7], [2, 5], [0.5, 0.5], [30, 12], [500, 800]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.Beta.PDFLn(p[0], p[1], x);
    protected override double ReferenceCdf(double[] p, double x) => M.Beta.CDF(p[0], p[1], x);

    protected override (double[], string, string)[] InvalidCases => [([0, 1], "alpha", "0"), ([1, -2], "beta", "-2")];

    // α = 2, β = 3: variance αβ/((α + β)²(α + β + 1)) = 0.04; excess kurtosis
    // 6[(α − β)²(α + β + 1) − αβ(α + β + 2)]/(αβ(α + β + 2)(α + β + 3)) = −36/56.
    protected override (double[], double, double, double) MomentCase => ([2, 3], 0.4, 0.04, (3 - 36 / 56.0) * 0.04 * 0.04);
    protected override double[] OutsideSupport => [-1e-300, 1.0000000000000002, -0.5, 1.5, double.NaN]; // 0 and 1 are in the closed support [0, 1]

    [Fact]
    public void RsampleMatchesTheDistribution() => AssertSamples(rng => ((Beta)MakeMomentCase()).Rsample(rng).Value, seed: 20240602);

    [Fact]
    public void RsampleEqualsSampleOnTheSameStream()
    {
        var d = Dist.Beta(0.4, 3);
        var a = new Rng(5);
        var b = new Rng(5);
        for (int i = 0; i < 100; i++) Assert.Equal(d.Sample(a).Value, d.Rsample(b).Value);
    }

    [Fact]
    public void SmallShapesStayInsideTheSupport()
    {
        var d = Dist.Beta(0.02, 0.02);
        var rng = new Rng(9);
        for (int i = 0; i < 10_000; i++) Assert.True(double.IsFinite(d.LogProb(d.Sample(rng)).Value));
    }

    [Theory]
    [InlineData(0.3, 0.7)]
    [InlineData(2, 3)]
    [InlineData(30, 12)]
    public void RsampleGradientIsUnbiased(double alpha, double beta)
    {
        // E[x] = α/(α + β): ∂/∂α = β/(α + β)², ∂/∂β = −α/(α + β)².
        double s2 = (alpha + beta) * (alpha + beta);
        ImplicitGradient.AssertUnbiased([alpha, beta], (t, rng) => Dist.Beta(t[0], t[1]).Rsample(rng),
            [beta / s2, -alpha / s2], 100_000, seed: 12, $"Beta({alpha}, {beta})");
    }
}
