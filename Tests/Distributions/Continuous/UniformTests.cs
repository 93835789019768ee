using Probabilistic.Distributions;
using Xunit;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class UniformTests : ExplicitReparameterizationTests
{
    protected override string DistributionName => "Uniform";
    protected override IUnivariateCdf Create(Real[] p) => Dist.Uniform(p[0], p[1]);
    protected override double[][] ParameterSets => [[0, 1], [-3, 5], [2, 2.5]];
    protected override double ReferenceLogDensity(double[] p, double x) => M.ContinuousUniform.PDFLn(p[0], p[1], x);
    protected override double ReferenceCdf(double[] p, double x) => M.ContinuousUniform.CDF(p[0], p[1], x);

    // The density is flat: points closer to a bound than 1% of the width would only test rounding of x − lower.
    protected override double[] Levels => [0.01, 0.2, 0.5, 0.8, 0.99];

    // Steps that keep x inside (lower, upper) whichever coordinate moves.
    protected override double Step(double[] point, int i) => 1e-4 * Math.Min(point[0] - point[1], point[2] - point[0]);

    protected override (double[], string, string)[] InvalidCases =>
        [([0, 0], "upper", "0"), ([1, -1], "upper", "-1"), ([double.NaN, 1], "lower", "NaN"), ([0, double.PositiveInfinity], "upper", double.PositiveInfinity.ToString())];
    // Mean (a + b)/2, variance (b − a)²/12, μ₄ = (b − a)⁴/80.
    protected override (double[], double, double, double) MomentCase => ([-1, 3], 1, 16 / 12.0, 256 / 80.0);
    protected override double[] OutsideSupport => [-10, 10, double.NaN, double.PositiveInfinity];

    [Fact]
    public void TheBoundsAreInTheClosedSupport()
    {
        // As in Stan and SciPy (uniform.logpdf(5, loc=-3, scale=8) = −log 8): [lower, upper] includes its ends.
        var d = Dist.Uniform(-3, 5);
        Assert.Equal(-Math.Log(8), d.LogProb(-3).Value, 1e-15);
        Assert.Equal(-Math.Log(8), d.LogProb(5).Value, 1e-15);
        Assert.True(d.Support.Contains(5));
        Assert.False(d.Support.Contains(Math.BitIncrement(5.0)));
    }

    [Fact]
    public void DrawsThatRoundOntoABoundStayInside()
    {
        // Near 10⁶ doubles are 1.16·10⁻¹⁰ apart, so the interval holds 8 of them and about one draw in
        // eight rounds onto a bound; such draws must be moved inside.
        var d = Dist.Uniform(1e6, 1e6 + 1e-9);
        var rng = new Rng(4);
        for (int i = 0; i < 1000; i++)
        {
            double x = d.Sample(rng).Value;
            Assert.True(x > 1e6 && x < 1e6 + 1e-9);
        }
    }
}
