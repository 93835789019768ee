using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.Tests.Distributions.Discrete;

/// <summary>Drawing and scoring allocate nothing per call (after a warm-up call JIT-compiles the path).</summary>
public sealed class AllocationTests
{
    public static TheoryData<IDiscreteDistribution> Distributions() =>
    [
        new Binomial(20, 0.2), new Binomial(1000, 0.7), new Poisson(3.5), new Poisson(250.0), new Geometric(0.2),
        new NegativeBinomial(2.5, 0.3), new NegativeBinomial2(40.0, 0.7), new DiscreteUniform(-5, 5),
        new Categorical(0.2, 0.3, 0.5), Categorical.FromLogits(0.1, -2.0, 1.0),
    ];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Sample_and_LogProb_allocate_nothing(IDiscreteDistribution d)
    {
        var rng = new Rng(7);
        int k = d.Sample(rng);
        double s = d.LogProb(k).Value;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            k = d.Sample(rng);
            s += d.LogProb(k).Value;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{d.Name}: {allocated} bytes allocated by 1000 draws and scores (sum {s}).");
    }
}
