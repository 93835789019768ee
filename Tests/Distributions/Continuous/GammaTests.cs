using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class GammaTests : ContinuousDistributionTests
{
    protected override string DistributionName => "Gamma";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Gamma(p[0], p[1]);
    protected override double[][] ParameterSets => [[0.05, 1], [0.5, 2], [1, 1], [3.7, 0.5], [25, 10], [400, 3]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.Gamma.PDFLn(p[0], p[1], x);
    // MathNet's GammaLowerRegularized returns 0 for a = 0.05 and x ≤ 10⁻²⁰, where P(a, x) is still above
    // 0.05, so that shape has no MathNet reference here; IncompleteFunctionReferenceTests compares with mpmath.
    protected override double ReferenceCdf(double[] p, double x) => p[0] < 0.1 ? double.NaN : M.Gamma.CDF(p[0], p[1], x);
    protected override (double[], string, string)[] InvalidCases =>
        [([0, 1], "alpha", "0"), ([-1, 1], "alpha", "-1"), ([1, 0], "beta", "0"), ([1, double.NaN], "beta", "NaN")];
    // Mean α/β, variance α/β², excess kurtosis 6/α.
    protected override (double[], double, double, double) MomentCase => ([2.5, 1.5], 2.5 / 1.5, 2.5 / 2.25, (3 + 6 / 2.5) * Math.Pow(2.5 / 2.25, 2));
    protected override double[] OutsideSupport => [-1e-300, -1, double.NaN, double.PositiveInfinity]; // 0 is in the closed support [0, ∞)

    [Fact]
    public void RsampleMatchesTheDistribution() => AssertSamples(rng => ((Gamma)MakeMomentCase()).Rsample(rng).Value, seed: 20240602);

    [Fact]
    public void RsampleEqualsSampleOnTheSameStream()
    {
        foreach (double alpha in (double[])[0.3, 2.5])
        {
            var d = Dist.Gamma(alpha, 1.5);
            var a = new Rng(5);
            var b = new Rng(5);
            for (int i = 0; i < 100; i++) Assert.Equal(d.Sample(a).Value, d.Rsample(b).Value);
        }
    }

    [Theory]
    [InlineData(0.3, 2.0)]
    [InlineData(2.5, 1.5)]
    [InlineData(40, 0.5)]
    public void RsampleGradientIsUnbiased(double alpha, double beta) =>
        // E[x] = α/β: ∂/∂α = 1/β, ∂/∂β = −α/β².
        ImplicitGradient.AssertUnbiased([alpha, beta], (t, rng) => Dist.Gamma(t[0], t[1]).Rsample(rng),
            [1 / beta, -alpha / (beta * beta)], 100_000, seed: 11, $"Gamma({alpha}, {beta})");

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(1)]
    [InlineData(2.5)]
    [InlineData(40)]
    [InlineData(900)]
    public void RsampleGradientIsTheDerivativeOfTheQuantileAtFixedLevel(double alpha)
    {
        // Implicit reparameterization holds u = F(x; α) fixed: dx/dα = ∂F⁻¹(u; α)/∂α, which the
        // five-point difference of InverseCdf (step 10⁻³α, truncation ~10⁻¹²) gives to ~10⁻⁹ when
        // min(u, 1 − u) ≥ 10⁻⁶ (the level carries relative error 10⁻¹⁶/min(u, 1 − u)); draws beyond are skipped.
        var rng = new Rng(3);
        var tape = new Tape();
        for (int k = 0; k < 200; k++)
        {
            tape.Clear();
            var a = tape.Variable(alpha);
            var x = Dist.Gamma(a, 1.0).Rsample(rng);
            tape.Gradient(x);
            double gradient = tape.Adjoint(a);
            var d = Dist.Gamma(alpha, 1.0);
            double logF = d.LogCdf(x.Value).Value, logS = d.LogSurvival(x.Value).Value;
            if (Math.Min(logF, logS) < Math.Log(1e-6)) continue;
            double u = logF <= logS ? Math.Exp(logF) : -SpecialFunctions.Expm1(logS);
            double h = 1e-3 * alpha;
            double Q(double t) => Dist.Gamma(t, 1.0).InverseCdf(u);
            double fd = (Q(alpha - 2 * h) - 8 * Q(alpha - h) + 8 * Q(alpha + h) - Q(alpha + 2 * h)) / (12 * h);
            Assert.True(Math.Abs(gradient - fd) <= 1e-6 * Math.Abs(fd) + 1e-12, $"Gamma({alpha}): x = {x.Value:R}, dx/dα tape {gradient:R}, quantile difference {fd:R}");
        }
    }
}
