using Probabilistic.Inference;
using Probabilistic.Tests.Inference.Gradient.Enumeration;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Checkpoints;

/// <summary>Continuations (resume, warm start) whose options would silently change the run are clear errors.</summary>
public class ContinuationGuardTests
{
    private static readonly double[] Scales = [0.5, 1, 3];

    [Fact]
    public void ARunStartedWithPathfindersKeptMetricResumedWithoutPathfinderIsAClearError()
    {
        // Pathfinder's metric kept (AdaptMetric false): warmup does not estimate the metric, so the checkpoint has no
        // window sums; resumed without Pathfinder the kernel would adapt from empty sums (and the reverse would drop them).
        var o = new NutsOptions { Chains = 1, Warmup = 60, Draws = 10, Seed = 4, Pathfinder = PathfinderInit.Default with { AdaptMetric = false } };
        var target = new ScaledNormalTarget(Scales);
        var sampler = HamiltonianSampler.Start(target, o);
        sampler.Run(30);
        var checkpoint = HamiltonianCheckpoint.FromBytes(sampler.Checkpoint().ToBytes());
        var e = Assert.Throws<ArgumentException>(() => HamiltonianSampler.Resume(target, checkpoint, o with { Pathfinder = null }));
        Assert.Equal("checkpoint", e.ParamName);
        Assert.Contains("AdaptsMetric = False", e.Message);
        // With the same options it resumes.
        HamiltonianSampler.Resume(target, checkpoint, o).Run(int.MaxValue);
    }

    [Fact]
    public void AWarmStartOnAModelWithEnumeratedDiscreteChoicesIsAClearError()
    {
        var previous = Infer.Nuts(new ScaledNormalTarget(Scales), new NutsOptions { Chains = 1, Warmup = 20, Draws = 5, Seed = 1 });
        var e = Assert.Throws<ArgumentException>(() => Infer.Nuts(EnumeratedDensityTests.Mixture([0.1, 2.5, -1]),
            options: new NutsOptions { Chains = 1, Warmup = 20, Draws = 5, WarmStart = previous.SamplerState }));
        Assert.Equal("WarmStart", e.ParamName);
        Assert.Contains("enumeration", e.Message);
    }

    [Fact]
    public void AWarmStartWithAnInitialPointOrInsideGibbsIsAClearError()
    {
        var target = new ScaledNormalTarget(Scales);
        var previous = Infer.Nuts(target, new NutsOptions { Chains = 1, Warmup = 20, Draws = 5, Seed = 1 });
        var point = Assert.Throws<ArgumentException>(() => Infer.Nuts(target, new NutsOptions { WarmStart = previous.SamplerState }, initialPoint: [0, 0, 0]));
        Assert.Equal("WarmStart", point.ParamName);
        Assert.Contains("initial point", point.Message);
        var model = from x in Sample("x", Normal(0, 1)) select x;
        var gibbs = Assert.Throws<ArgumentException>(() => Infer.Gibbs(model, options: new GibbsOptions { Continuous = new NutsOptions { WarmStart = previous.SamplerState } }));
        Assert.Equal("WarmStart", gibbs.ParamName);
        Assert.Contains("Gibbs", gibbs.Message);
    }
}
