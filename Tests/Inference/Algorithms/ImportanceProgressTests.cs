using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>Importance sampling's progress, and cancellation of the proposal overload.</summary>
public class ImportanceProgressTests
{
    private static Model<Real> Conjugate() =>
        from mu in Sample("mu", Normal(0, 1))
        from _ in Observe("y", Normal(mu, 1), 1.0)
        select mu;

    private static Model<Real> Proposal() => Sample("mu", Normal(0.5, 1));

    [Fact]
    public void ProgressIsReportedPerChunkUpToTheTotal()
    {
        var reports = new List<ImportanceProgress>();
        var sample = Infer.Importance(Conjugate(), new ImportanceOptions { Samples = 10_000, MaxDegreeOfParallelism = 2 },
            new SynchronousProgress<ImportanceProgress>(reports.Add));
        Assert.Equal(10_000, sample.Count);
        Assert.Equal([4096, 8192, 10_000], reports.Select(r => r.Completed));
        Assert.All(reports, r => Assert.Equal(10_000, r.Total));
    }

    [Fact]
    public void ProposalProgressIsReportedPerChunkUpToTheTotal()
    {
        var reports = new List<ImportanceProgress>();
        var sample = Infer.Importance(Conjugate(), Proposal(), new ImportanceOptions { Samples = 2500, MaxDegreeOfParallelism = 2 },
            new SynchronousProgress<ImportanceProgress>(reports.Add));
        Assert.Equal(2500, sample.Count);
        Assert.Equal([1024, 2048, 2500], reports.Select(r => r.Completed));
        Assert.All(reports, r => Assert.Equal(2500, r.Total));
    }

    [Fact]
    public void ProposalCancellationKeepsTheChunksDrawn()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<ImportanceProgress>(_ => cts.Cancel());
        var e = Assert.Throws<InferenceCanceledException<WeightedSample<Real>>>(() =>
            Infer.Importance(Conjugate(), Proposal(), new ImportanceOptions { Samples = 5000, MaxDegreeOfParallelism = 2 }, progress, cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Equal(1024, e.PartialResult!.Count);
        // The partial sample is the first 1024 samples of the full run (sample i from stream i).
        var full = Infer.Importance(Conjugate(), Proposal(), new ImportanceOptions { Samples = 5000, MaxDegreeOfParallelism = 2 });
        for (int i = 0; i < 1024; i++) Assert.Equal((double)full.Values[i], (double)e.PartialResult.Values[i]);
    }

    [Fact]
    public void ProposalWithACancelledTokenDrawsNothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var e = Assert.Throws<InferenceCanceledException<WeightedSample<Real>>>(() =>
            Infer.Importance(Conjugate(), Proposal(), cancellationToken: cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Null(e.PartialResult);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
