using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>SMC's bad-input handling and diagnostics: option checks, impossible observations, cancellation, ESS.</summary>
public class SmcTests
{
    private static Model<Real> Walk(double[] y) =>
        Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(prev, 1.0))
            from _ in Observe("y", Normal(x, 1.0), y[t])
            select x);

    [Theory]
    [InlineData(2.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void EssThresholdOutsideTheUnitIntervalIsRejected(double threshold)
    {
        // Failed before the fix: EssThreshold = 2 was accepted (and meant "always resample").
        var model = Walk([0.1, 0.2]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Smc(model, new SmcOptions { EssThreshold = threshold }));
        Assert.Contains("Smc: EssThreshold", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Rmsmc(model, new RmsmcOptions { EssThreshold = threshold }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Smc2(model, Selection.Of("x"), new Smc2Options { EssThreshold = threshold }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Pmmh(model, Selection.Of("x"), new PmmhOptions { EssThreshold = threshold }));
    }

    [Fact]
    public void OtherParticleOptionsAreChecked()
    {
        var model = Walk([0.1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Smc(model, new SmcOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Rmsmc(model, new RmsmcOptions { MaxDegreeOfParallelism = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Rmsmc(model, new RmsmcOptions { MoveSteps = -1 }));
        Assert.Throws<ArgumentNullException>(() => Infer.Smc(model, new SmcOptions { Resampler = null! }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Smc2(model, Selection.Of("x"), new Smc2Options { ParameterParticles = 0 }));
    }

    [Fact]
    public void AnImpossibleObservationIsNamedWithItsAddress()
    {
        // Failed before the fix: the message named neither the observation nor its address.
        var model = Fold("t", 3, 0, (k, t) =>
            from c in Sample("c", Poisson(2.0))
            from _ in Observe("obs", Poisson(1.0), t == 1 ? -1 : 2)
            select c);
        var e = Assert.Throws<ModelException>(() => Infer.Smc(model, new SmcOptions { Particles = 50 }));
        Assert.StartsWith("Smc: every particle has weight 0 after step 2", e.Message);
        Assert.Contains("the observation at 't/1/obs'", e.Message);
        Assert.Contains("50 of them", e.Message);
        Assert.Equal(Address.Of("t", 1, "obs"), e.Address);
        var r = Assert.Throws<ModelException>(() => Infer.Rmsmc(model, new RmsmcOptions { Particles = 20 }));
        Assert.StartsWith("Rmsmc:", r.Message);
        Assert.Contains("'t/1/obs'", r.Message);
        var g = Assert.Throws<ModelException>(() => Infer.ParticleGibbs(model, new ParticleGibbsOptions { Particles = 5, Samples = 1, BurnIn = 0 }));
        Assert.StartsWith("ParticleGibbs", g.Message);
        Assert.Contains("'t/1/obs'", g.Message);
    }

    [Fact]
    public void AFalseConditionIsNamedAsAFactor()
    {
        var model = from b in Sample("b", Bernoulli(0.5))
                    from _ in Condition(false)
                    select b;
        var e = Assert.Throws<ModelException>(() => Infer.Smc(model, new SmcOptions { Particles = 10 }));
        Assert.Contains("a factor or condition gave weight 0 to 10 of them", e.Message);
    }

    [Fact]
    public void CancellationThrowsWithTheToken()
    {
        // The rule on Infer: a cancelled filter throws OperationCanceledException carrying the token, no result.
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<SmcProgress>(p => { if (p.Step == 3) cts.Cancel(); });
        var e = Assert.ThrowsAny<OperationCanceledException>(() => Infer.Smc(Walk(new double[20]), new SmcOptions { Particles = 50 }, progress, cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public void TheEssBeforeTheLastResamplingShowsACollapseAtTheLastStep()
    {
        // The last observation (y = 8, far from the prior predictive) collapses the weights; the filter resamples
        // after it and the final weights are equal. Before the fix only EffectiveSampleSize = N was reported.
        var y = new double[] { 0.1, -0.2, 8.0 };
        var reports = new List<SmcProgress>();
        var smc = Infer.Smc(Walk(y), new SmcOptions { Particles = 500, Seed = 2 }, new SynchronousProgress<SmcProgress>(reports.Add));
        Assert.Equal(500, smc.EffectiveSampleSize, 1e-9);
        var last = reports.Last(r => r.Resampled);
        Assert.Equal(3, last.Step);
        Assert.Equal(last.EffectiveSampleSize, smc.EffectiveSampleSizeBeforeResampling, 1e-9);
        Assert.True(smc.EffectiveSampleSizeBeforeResampling < 50, smc.ToString());
        Assert.Contains("before the last resampling", smc.ToString());
        // Importance sampling never resamples: NaN.
        Assert.True(double.IsNaN(Infer.Importance(Walk(y), new ImportanceOptions { Samples = 10 }).EffectiveSampleSizeBeforeResampling));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
