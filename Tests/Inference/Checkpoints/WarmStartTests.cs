using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Xunit;

namespace Probabilistic.Tests.Inference.Checkpoints;

/// <summary>Warm starts (<see cref="HamiltonianOptions.WarmStart"/>): a new fit from a previous fit's metric, step size and positions.</summary>
public class WarmStartTests
{
    /// <summary>
    /// As in NutsAnalyticTests: an estimate of E[f] is approximately normal with standard deviation MCSE = sd(f)/√ESS(f)
    /// (ESS from the chains, Vehtari et al. 2021); with m = 6 checks per test (3 means, 3 second moments) a bound of
    /// z = 4 MCSE is exceeded by chance with probability about 6 · 2Φ(−4) ≈ 3.8e-4.
    /// </summary>
    private const double Z = 4;

    private static readonly double[] Scales = [0.01, 1, 30];

    private static void AssertMoment(double[][] chains, double expected, string what)
    {
        double estimate = chains.SelectMany(c => c).Average();
        double mcse = ConvergenceDiagnostics.McseMean(chains);
        Assert.True(Math.Abs(estimate - expected) <= Z * mcse, $"{what}: estimate {estimate}, expected {expected}, MCSE {mcse}");
    }

    private static void AssertNormalMoments(Posterior posterior)
    {
        for (int i = 0; i < Scales.Length; i++)
        {
            var chains = posterior.Chain($"theta[{i + 1}]");
            AssertMoment(chains, 0, $"E[theta[{i + 1}]]");
            AssertMoment(chains.Select(c => c.Select(x => x * x).ToArray()).ToArray(), Scales[i] * Scales[i], $"E[theta[{i + 1}]²]");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    public void AWarmStartWithShortOrNoWarmupSamplesABadlyScaledNormalCorrectly(int warmup)
    {
        var target = new ScaledNormalTarget(Scales);
        var previous = Infer.Nuts(target, new NutsOptions { Chains = 2, Warmup = 600, Draws = 50, Seed = 31 });
        var warm = Infer.Nuts(target, new NutsOptions { Chains = 4, Warmup = warmup, Draws = 1000, Seed = 32, WarmStart = previous.SamplerState });
        AssertNormalMoments(warm);
        Assert.Equal(0, warm.SamplerDiagnostics.Divergences);
        // The metric was kept: the draws' step sizes are the previous fit's (no warmup) or tuned from it (short warmup),
        // not the unit metric's ε of about 0.01 that the smallest scale would force.
        double previousStep = previous.Statistics![0][0].StepSize;
        Assert.True(warm.Statistics![0][0].StepSize > 0.1, $"step size {warm.Statistics[0][0].StepSize}");
        if (warmup == 0) Assert.Equal(previousStep, warm.Statistics[0][0].StepSize);
        // Chains 2 and 3 start from the previous fit's chains 0 and 1: position, metric and step size.
        var start = HamiltonianSampler.Start(target, new NutsOptions { Chains = 4, Warmup = warmup, Draws = 1000, Seed = 32, WarmStart = previous.SamplerState }).Checkpoint();
        for (int k = 0; k < 4; k++)
        {
            var from = previous.SamplerState!.Chains[k % 2];
            Assert.Equal(from.Position, start.Chains[k].Position);
            Assert.Equal(from.InverseMetricDiagonal, start.Chains[k].InverseMetricDiagonal);
            Assert.Equal(from.StepSize, start.Chains[k].StepSize);
            Assert.Equal(0, start.Chains[k].Iteration);
        }
        Assert.NotEqual(start.Chains[0].Position, start.Chains[1].Position);
    }

    [Fact]
    public void AWarmStartOnAModelKeepsTheMetricAndCanBeResumedInTurn()
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var previous = Infer.Nuts(model, options: new NutsOptions { Chains = 2, Warmup = 300, Draws = 20, Seed = 41 });
        var o = new NutsOptions { Chains = 2, Warmup = 30, Draws = 40, Seed = 42, WarmStart = previous.SamplerState };
        var warm = Infer.Nuts(model, options: o);
        Assert.Equal(previous.SamplerState!.Chains[0].InverseMetricDiagonal, warm.SamplerState!.Chains[0].InverseMetricDiagonal);
        // A warm-started run is resumable like any other.
        var sampler = HamiltonianSampler.Start(model, options: o);
        sampler.Run(35);
        var resumed = HamiltonianSampler.Resume(model, null, HamiltonianCheckpoint.FromBytes(sampler.Checkpoint().ToBytes()), o);
        resumed.Run(int.MaxValue);
        Assert.Equal(warm.ToJson(), resumed.Posterior().ToJson());
    }

    [Fact]
    public void AWarmStartFromAnotherModelOrWithOtherInitializationIsAClearError()
    {
        var previous = Infer.Nuts(new ScaledNormalTarget(Scales), new NutsOptions { Chains = 1, Warmup = 50, Draws = 10, Seed = 1 });
        var other = Assert.Throws<ArgumentException>(() => Infer.Nuts(new ScaledNormalTarget([1, 1]), new NutsOptions { WarmStart = previous.SamplerState }));
        Assert.Equal("WarmStart", other.ParamName);
        Assert.Contains("dimension 3", other.Message);
        var metric = Assert.Throws<ArgumentException>(() => Infer.Nuts(new ScaledNormalTarget(Scales), new NutsOptions { WarmStart = previous.SamplerState, Metric = MetricKind.Dense }));
        Assert.Contains("metric is Diagonal", metric.Message);
        var both = Assert.Throws<ArgumentException>(() => Infer.Nuts(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma),
            options: new NutsOptions { WarmStart = previous.SamplerState, InitialValues = ChoiceMap.Empty }));
        Assert.Contains("InitialValues", both.Message);
    }
}

/// <summary>Independent normals with standard deviations <c>scales</c>: badly scaled when they differ by orders of magnitude.</summary>
internal sealed class ScaledNormalTarget(double[] scales) : IDifferentiableDensity
{
    public int Dimension => scales.Length;

    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double s = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            double z = theta[i] / scales[i];
            s += z * z;
            gradient[i] = -z / scales[i];
        }
        return -0.5 * s;
    }

    public IDifferentiableDensity ForThread() => this;
}
