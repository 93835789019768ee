using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.Tests.Distributions.Multivariate;

/// <summary>
/// Scoring a vector allocates nothing (scratch space is on the stack); a draw allocates only the
/// array it returns.
/// </summary>
public sealed class AllocationTests
{
    private static long Allocated(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void LogProb_allocates_nothing()
    {
        var mvn = Dist.MultivariateNormal([1.0, -2.0, 0.5], new double[,] { { 2.0, 0.6, -0.4 }, { 0.6, 1.0, 0.3 }, { -0.4, 0.3, 0.5 } });
        Real[] x = [0.3, -1.0, 0.2];
        Assert.Equal(0, Allocated(() => mvn.LogProb(x)));
        var multinomial = Dist.Multinomial(6, 0.2, 0.3, 0.5);
        int[] counts = [1, 2, 3];
        Assert.Equal(0, Allocated(() => multinomial.LogProb(counts)));
        var lkj = new LKJCholesky(3, 2.0);
        var l = lkj.Sample(new Rng(1));
        Assert.Equal(0, Allocated(() => lkj.LogProb(l)));
    }

    [Fact]
    public void Sample_allocates_only_the_value()
    {
        var rng = new Rng(2);
        object? keep = null; // stores each reference array so that its allocation cannot be optimized away
        var mvn = Dist.MultivariateNormal([1.0, -2.0, 0.5], new double[,] { { 2.0, 0.6, -0.4 }, { 0.6, 1.0, 0.3 }, { -0.4, 0.3, 0.5 } });
        long valueBytes = Allocated(() => keep = new Real[3]);
        Assert.Equal(valueBytes, Allocated(() => mvn.Sample(rng)));
        var lkj = new LKJCholesky(3, 2.0);
        Assert.Equal(Allocated(() => keep = new Real[9]), Allocated(() => lkj.Sample(rng)));
        var multinomial = Dist.Multinomial(60, 0.2, 0.3, 0.5);
        Assert.Equal(Allocated(() => keep = new int[3]), Allocated(() => multinomial.Sample(rng)));
        GC.KeepAlive(keep);
    }
}
