using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Exact;

/// <summary>Enumerate's entry point: its options, progress and cancellation.</summary>
public class EnumerateEntryPointTests
{
    // The number of heads in n fair flips: 2ⁿ complete executions.
    private static Model<int> Heads(int n) => Plate("flip", n, Bernoulli(0.5)).Select(xs => xs.Count(x => x));

    [Fact]
    public void ProgressCountsTheExecutionsMonotonicallyUpToAll()
    {
        var reports = new List<EnumerateProgress>();
        var posterior = Infer.Enumerate(Heads(13), progress: new SynchronousProgress<EnumerateProgress>(reports.Add));
        Assert.Equal(MathNet.Numerics.Distributions.Binomial.PMF(0.5, 13, 6), posterior.Probability(6), 12);
        // Every 4096 complete executions, 2¹³ = 8192 in all.
        Assert.Equal([4096L, 8192L], reports.Select(r => r.Executions));
        Assert.All(reports, r => Assert.Equal(EnumerateOptions.DefaultMaxExecutions, r.MaxExecutions));
    }

    [Fact]
    public void ProgressReportsTheTotalAtTheEndOfASmallModel()
    {
        var reports = new List<EnumerateProgress>();
        Infer.Enumerate(Heads(3), new EnumerateOptions { MaxExecutions = 100 }, new SynchronousProgress<EnumerateProgress>(reports.Add));
        Assert.Equal(new EnumerateProgress(8, 100), Assert.Single(reports));
    }

    [Fact]
    public void ACancelledTokenThrowsAPlainOperationCanceledExceptionWithIt()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var e = Assert.Throws<OperationCanceledException>(() => Infer.Enumerate(Heads(3), cancellationToken: cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public void CancellationStopsTheWalkBetweenExecutions()
    {
        using var cts = new CancellationTokenSource();
        var reports = new List<long>();
        var progress = new SynchronousProgress<EnumerateProgress>(p =>
        {
            reports.Add(p.Executions);
            cts.Cancel();
        });
        var e = Assert.Throws<OperationCanceledException>(() => Infer.Enumerate(Heads(14), progress: progress, cancellationToken: cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
        // Cancelled at the first report: no execution after it is enumerated, so there is no second report.
        Assert.Equal([4096L], reports);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void MaxExecutionsBelowOneIsRejectedByName(int maxExecutions)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Enumerate(Heads(2), new EnumerateOptions { MaxExecutions = maxExecutions }));
        Assert.Equal("options", e.ParamName);
        Assert.Equal(maxExecutions, e.ActualValue);
        Assert.Contains("Enumerate: MaxExecutions", e.Message);
        Assert.Contains($"but is {maxExecutions}", e.Message);
    }

    [Fact]
    public void AModelWithMoreExecutionsThanTheBoundIsAClearError()
    {
        var e = Assert.Throws<ModelException>(() => Infer.Enumerate(Heads(3), new EnumerateOptions { MaxExecutions = 7 }));
        Assert.Contains("more than 7 executions", e.Message);
        Assert.Contains("MaxExecutions", e.Message);
        Assert.Equal(0.125, Infer.Enumerate(Heads(3), new EnumerateOptions { MaxExecutions = 8 }).Probability(3), 12);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
