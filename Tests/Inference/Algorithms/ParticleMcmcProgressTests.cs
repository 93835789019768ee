using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>PMMH, particle Gibbs and resample-move SMC report progress, stop on cancellation and are reproducible.</summary>
public class ParticleMcmcProgressTests
{
    private static Model<bool> Model() =>
        from p in Sample("p", Categorical(0.5, 0.5))
        from z in Sample("z", Bernoulli(p == 0 ? 0.3 : 0.7))
        from _ in Observe(Bernoulli(z ? 0.9 : 0.1), true)
        select z;

    private sealed class Recorder<T> : IProgress<T>
    {
        public readonly List<T> Reports = [];
        public void Report(T value) => Reports.Add(value);
    }

    [Fact]
    public void ProgressIsReportedAndCancellationStops()
    {
        var pmmh = new Recorder<PmmhProgress>();
        var a = Infer.Pmmh(Model(), Selection.Of("p"), new PmmhOptions { Samples = 20, BurnIn = 0, Particles = 5, Seed = 2 }, pmmh);
        Assert.Equal(20, pmmh.Reports[^1].Iteration);
        var b = Infer.Pmmh(Model(), Selection.Of("p"), new PmmhOptions { Samples = 20, BurnIn = 0, Particles = 5, Seed = 2 });
        Assert.Equal(a.Parameters, b.Parameters);

        var pg = new Recorder<ParticleGibbsProgress>();
        Infer.ParticleGibbs(Model(), new ParticleGibbsOptions { Samples = 7, BurnIn = 3, Particles = 5 }, pg);
        Assert.Equal(Enumerable.Range(1, 10), pg.Reports.Select(r => r.Iteration));

        var rm = new Recorder<SmcProgress>();
        Infer.Rmsmc(Model(), new RmsmcOptions { Particles = 50, EssThreshold = 1.0 }, rm);
        Assert.Equal(2, rm.Reports.Count); // one step to the observation, one to the end

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Infer.Pmmh(Model(), Selection.Of("p"), null, null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Infer.ParticleGibbs(Model(), null, null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Infer.Rmsmc(Model(), null, null, cancelled.Token));
    }
}
