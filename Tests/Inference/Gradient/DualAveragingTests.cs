using Xunit;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>The public warmup building blocks shared by the scalar and tensor samplers: dual averaging and Stan's windows.</summary>
public class DualAveragingTests
{
    /// <summary>
    /// With a deterministic acceptance statistic a(ε) = exp(−ε), dual averaging's averaged step size converges to the
    /// ε* = −log δ that meets the target δ = 0.8 (Hoffman &amp; Gelman 2014, §3.2: the averaged iterate converges when the
    /// statistic is monotone in ε).
    /// </summary>
    [Fact]
    public void TheAveragedStepSizeMeetsTheTarget()
    {
        var dual = new Probabilistic.Inference.DualAveraging(0.8, stepSize: 1.0);
        double eps = 1.0;
        for (int t = 0; t < 20_000; t++) eps = dual.Learn(Math.Exp(-eps));
        double target = -Math.Log(0.8);
        Assert.True(Math.Abs(dual.Final - target) < 0.01 * target, $"final step size {dual.Final}, target {target}");
        Assert.Equal(20_000, dual.Count);
    }

    /// <summary>A diverged transition's NaN statistic counts as 0, one above 1 as 1; restarting forgets every update and sets μ = log(10 ε).</summary>
    [Fact]
    public void NaNCountsAsZeroAndRestartForgets()
    {
        var a = new Probabilistic.Inference.DualAveraging(0.8, stepSize: 0.5);
        var b = new Probabilistic.Inference.DualAveraging(0.8, stepSize: 0.5);
        Assert.Equal(b.Learn(0), a.Learn(double.NaN));
        Assert.Equal(b.Learn(1), a.Learn(1.7));
        a.Restart(0.25);
        Assert.Equal(0, a.Count);
        Assert.Equal(Math.Log(2.5), a.Mu, 14);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => new Probabilistic.Inference.DualAveraging(1.0)).ParamName);
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Probabilistic.Inference.DualAveraging(0.8, 0.0)).ParamName);
        Assert.Equal("warmup", Assert.Throws<ArgumentOutOfRangeException>(() => new Probabilistic.Inference.WindowedAdaptation(-1)).ParamName);
        Assert.Equal("baseWindow", Assert.Throws<ArgumentOutOfRangeException>(() => new Probabilistic.Inference.WindowedAdaptation(100, 10, 10, 0)).ParamName);
    }

    /// <summary>Stan's default schedule for 1000 warmup iterations ends its slow windows at iterations 99, 149, 249, 449 and 949.</summary>
    [Fact]
    public void TheDefaultScheduleIsStans()
    {
        var w = new Probabilistic.Inference.WindowedAdaptation(1000);
        var ends = new List<int>();
        for (int it = 0; it < 1000; it++)
        {
            if (w.EndOfWindow)
            {
                ends.Add(it);
                w.ComputeNextWindow();
            }
            w.Advance();
        }
        Assert.Equal([99, 149, 249, 449, 949], ends);
    }
}
