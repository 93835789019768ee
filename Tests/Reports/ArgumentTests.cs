using Probabilistic.Reports;
using Xunit;

namespace Probabilistic.Tests.Reports;

/// <summary>Bad arguments to the plots and exports get exceptions that name the argument.</summary>
public class ArgumentTests
{
    [Fact]
    public void ExportRejectsANonPositiveSize()
    {
        var plot = Plots.Trace(ReportFixtures.Posterior(), "mu");
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => plot.ToPng(0, 100)).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => plot.ToSvg(100, -1)).ParamName);
    }

    [Fact]
    public void KernelDensityRejectsBadDrawsAndWeights()
    {
        Assert.Equal("draws", Assert.Throws<ArgumentException>(() => new KernelDensity([])).ParamName);
        Assert.Equal("draws", Assert.Throws<ArgumentException>(() => new KernelDensity([1, double.NaN])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new KernelDensity([1, 2], [1])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new KernelDensity([1, 2], [1, -1])).ParamName);
    }

    [Fact]
    public void ForestRejectsIntervalsOutOfOrder() =>
        Assert.Equal("inner", Assert.Throws<ArgumentOutOfRangeException>(() => Plots.Forest(ReportFixtures.Posterior(), inner: 0.9, outer: 0.5)).ParamName);

    [Fact]
    public void SmcPlotsNeedSteps() =>
        Assert.Equal("steps", Assert.Throws<ArgumentException>(() => Plots.EffectiveSampleSize([])).ParamName);

    [Fact]
    public void RankPlotRejectsZeroBins() =>
        Assert.Equal("bins", Assert.Throws<ArgumentOutOfRangeException>(() => Plots.Rank(ReportFixtures.Posterior(), "mu", bins: 0)).ParamName);

    [Fact]
    public void SmcRecorderKeepsEveryStepAndForwardsIt()
    {
        var forwarded = new List<Probabilistic.Inference.SmcProgress>();
        var recorder = new SmcRecorder(new Forward(forwarded));
        var smc = Probabilistic.Inference.Infer.Smc(Probabilistic.Examples.Gallery.GaussianHmm.Model([0.1, -0.3, 0.5]),
            new Probabilistic.Inference.SmcOptions { Particles = 50, Seed = 2 }, recorder);
        // One report per advance: each of the 3 observations, then the run to the end of the model.
        Assert.Equal([1, 2, 3, 4], recorder.Steps.Select(s => s.Step));
        Assert.Equal(recorder.Steps, forwarded);
        Assert.Equal(smc.LogEvidence, recorder.Steps[^1].LogEvidence, 12);
    }

    private sealed class Forward(List<Probabilistic.Inference.SmcProgress> list) : IProgress<Probabilistic.Inference.SmcProgress>
    {
        public void Report(Probabilistic.Inference.SmcProgress value) => list.Add(value);
    }
}
