using MathNet.Numerics.Distributions;
using Probabilistic.Inference.Workflow;
using Xunit;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>HDIs against the exact intervals of known distributions (R's posterior has no HDI to compare with).</summary>
public class HdiTests
{
    [Fact]
    public void ExactHdiOfKnownDistributions()
    {
        var (lo, hi) = Hdi.OfDistribution(p => Normal.InvCDF(0, 1, p), 0.94);
        Assert.Equal(-Normal.InvCDF(0, 1, 0.97), lo, 1e-6);
        Assert.Equal(Normal.InvCDF(0, 1, 0.97), hi, 1e-6);
        // Exponential(1): the density decreases, so the HDI is [0, −log(1 − p)].
        (lo, hi) = Hdi.OfDistribution(p => -Math.Log(1 - p), 0.9);
        Assert.Equal(0, lo, 12);
        Assert.Equal(-Math.Log(0.1), hi, 9);
        // Gamma(3, 1): equal density at both ends and 94% between them.
        (lo, hi) = Hdi.OfDistribution(p => Gamma.InvCDF(3, 1, p), 0.94);
        Assert.Equal(Gamma.PDF(3, 1, lo), Gamma.PDF(3, 1, hi), 1e-6);
        Assert.Equal(0.94, Gamma.CDF(3, 1, hi) - Gamma.CDF(3, 1, lo), 1e-9);
    }

    [Fact]
    public void HdiOfDrawsApproachesTheExactInterval()
    {
        // n = 100,000 draws: an HDI end is an order statistic near quantile q with sd ≈ √(q(1 − q)/n)/f(x):
        // for N(0, 1) at 0.97 that is 0.0054/0.068 = 0.008; tolerance 4 sd.
        const int n = 100_000;
        var rng = new Random(11);
        var normal = Enumerable.Range(0, n).Select(_ => Normal.Sample(rng, 0, 1)).ToArray();
        var (lo, hi) = Hdi.Of(normal, 0.94);
        Assert.Equal(-1.8808, lo, 0.032);
        Assert.Equal(1.8808, hi, 0.032);
        var gamma = Enumerable.Range(0, n).Select(_ => Gamma.Sample(rng, 3, 1)).ToArray();
        var exact = Hdi.OfDistribution(p => Gamma.InvCDF(3, 1, p), 0.94);
        (lo, hi) = Hdi.Of(gamma, 0.94);
        // Near its minimum the width is flat in the interval's position, so the ends wander more than the width does:
        // check the interval's exact mass (sd √(0.94·0.06/n) = 0.00075, tolerance 4 sd) and its width (sd ≈ 0.02 from
        // the ends' order statistics, tolerance 4 sd).
        Assert.Equal(0.94, Gamma.CDF(3, 1, hi) - Gamma.CDF(3, 1, lo), 0.003);
        Assert.Equal(exact.Upper - exact.Lower, hi - lo, 0.08);
        // It is the shortest 94% interval: the central one is wider for a skewed distribution.
        Assert.True(hi - lo < Gamma.InvCDF(3, 1, 0.97) - Gamma.InvCDF(3, 1, 0.03));
    }

    [Fact]
    public void BadProbabilityIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hdi.Of([1.0, 2.0], 1.0));
        Assert.Throws<ArgumentException>(() => Hdi.Of([1.0, double.NaN], 0.5));
    }
}
