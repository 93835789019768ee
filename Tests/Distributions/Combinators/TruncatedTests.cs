using MathNet.Numerics.Integration;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Probabilistic.Tests.Distributions.Continuous;
using Xunit;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Distributions.Combinators;

public class TruncatedTests
{
    [Fact]
    public void DensityIsRenormalizedAndIntegratesToOne()
    {
        var t = Truncated(Normal(0, 1), -1, 2);
        double z = MathNet.Numerics.Distributions.Normal.CDF(0, 1, 2) - MathNet.Numerics.Distributions.Normal.CDF(0, 1, -1);
        Assert.Equal(MathNet.Numerics.Distributions.Normal.PDFLn(0, 1, 0.5) - Math.Log(z), t.LogProb(0.5).Value, 1e-12);
        Assert.Equal(double.NegativeInfinity, t.LogProb(2.5).Value);
        // The integrator's own error estimate, plus a few ulps of rounding, bounds |total − 1|.
        double total = GaussKronrodRule.Integrate(x => Math.Exp(t.LogProb(x).Value), -1, 2, out double error, out _, 1e-12);
        Assert.InRange(Math.Abs(total - 1), 0, 10 * error + 4e-16);
        Assert.Equal(-1.0, t.Support.Lower);
        Assert.Equal(2.0, t.Support.Upper);
    }

    [Fact]
    public void DeepUpperTailKeepsItsPrecision()
    {
        // Φ(12) − Φ(10) = (erfc(10/√2) − erfc(12/√2))/2 ≈ 7.6e-24: a CDF difference would round to 0.
        var t = Truncated(Normal(0, 1), 10, 12);
        double mass = (SpecialFunctions.Erfc(10 / Math.Sqrt(2)) - SpecialFunctions.Erfc(12 / Math.Sqrt(2))) / 2;
        Assert.Equal(MathNet.Numerics.Distributions.Normal.PDFLn(0, 1, 10.5) - Math.Log(mass), t.LogProb(10.5).Value, 1e-9);
        var rng = new Rng(4);
        for (int i = 0; i < 1000; i++) Assert.InRange(t.Sample(rng).Value, 10, 12);
    }

    [Fact]
    public void ClippedToTheBaseSupport()
    {
        var t = Truncated(Exponential(2), -5, 1);
        Assert.Equal(0.0, t.Support.Lower);
        Assert.Equal(Math.Log(2) - 2 * 0.5 - Math.Log(1 - Math.Exp(-2)), t.LogProb(0.5).Value, 1e-12);
    }

    [Fact]
    public void SampleMomentsMatchQuadratureMoments()
    {
        // Bounded support [−1, 2]: Var ≤ (3/2)² so se(mean) ≤ 1.5/√n; 5 se ≈ 0.024 at n = 100,000.
        // For the variance, (X − μ)² ≤ 9 gives μ₄ ≤ 9σ², so se(var) ≤ √(9σ²/n) and 5 se ≤ 15σ/√n.
        var t = Truncated(Normal(0.5, 1.5), -1, 2);
        var rng = new Rng(12);
        const int n = 100_000;
        var xs = Enumerable.Range(0, n).Select(_ => t.Sample(rng).Value).ToArray();
        double mean = xs.Average(), variance = xs.Select(x => (x - mean) * (x - mean)).Sum() / (n - 1);
        Assert.InRange(mean, t.Mean - 5 * 1.5 / Math.Sqrt(n), t.Mean + 5 * 1.5 / Math.Sqrt(n));
        double tolV = 15 * Math.Sqrt(t.Variance) / Math.Sqrt(n);
        Assert.InRange(variance, t.Variance - tolV, t.Variance + tolV);
    }

    [Fact]
    public void GradientFlowsThroughTheNormalizer()
    {
        // d/dμ log p(x) for the truncated normal = (x − μ)/σ² − d/dμ log(Φ(b') − Φ(a')), checked by central differences.
        Func<Real[], Real> f = v => Truncated(Normal(v[0], v[1]), -1, 2).LogProb(v[2]);
        double[] p = [0.3, 0.8, 0.4];
        FiniteDifference.AssertGradient(f, p, context: "truncated normal");
    }

    [Fact]
    public void BadBoundsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Truncated(Normal(0, 1), 2, 1));
        Assert.Throws<ArgumentException>(() => Truncated(Normal(0, 1), double.NaN, 1));
        Assert.Contains("does not meet the support", Assert.Throws<ArgumentException>(() => Truncated(Exponential(1), -3, -1)).Message);
    }
}
