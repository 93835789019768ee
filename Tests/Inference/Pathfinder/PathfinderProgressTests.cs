using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Inference.Pathfinder;

/// <summary>Pathfinder's progress (one report per finished path) and cancellation.</summary>
public class PathfinderProgressTests
{
    private static GaussianTarget Target() => new([1.0, -2.0, 0.5], new double[,] { { 1, 0.3, 0 }, { 0.3, 2, 0 }, { 0, 0, 0.5 } });

    [Fact]
    public void EachPathIsReportedOnceWithItsIterations()
    {
        var reports = new List<PathfinderProgress>();
        var result = Infer.Pathfinder(Target(), new PathfinderOptions { NumPaths = 4, Seed = 3, MaxDegreeOfParallelism = 2 },
            progress: new SynchronousProgress<PathfinderProgress>(reports.Add));
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.PathsCompleted));
        Assert.Equal([0, 1, 2, 3], reports.Select(r => r.Path).Order());
        Assert.All(reports, r =>
        {
            Assert.Equal(4, r.Paths);
            Assert.Equal(result.Paths[r.Path].Elbo.Count, r.Iterations);
            Assert.True(r.Iterations > 0);
        });
    }

    [Fact]
    public void TheModelOverloadReportsProgress()
    {
        var model = from mu in Sample("mu", Normal(0, 10))
                    from _ in Observe("y", Normal(mu, 1), 2.0)
                    select mu;
        var reports = new List<PathfinderProgress>();
        Infer.Pathfinder(model, options: new PathfinderOptions { NumPaths = 2, Seed = 1 }, progress: new SynchronousProgress<PathfinderProgress>(reports.Add));
        Assert.Equal([1, 2], reports.Select(r => r.PathsCompleted));
    }

    [Fact]
    public void ACancelledTokenThrowsAPlainOperationCanceledExceptionWithIt()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var e = Assert.Throws<OperationCanceledException>(() => Infer.Pathfinder(Target(), cancellationToken: cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public void CancellationAfterTheFirstPathStopsTheRest()
    {
        using var cts = new CancellationTokenSource();
        var reports = new List<PathfinderProgress>();
        var progress = new SynchronousProgress<PathfinderProgress>(p =>
        {
            reports.Add(p);
            cts.Cancel();
        });
        var e = Assert.ThrowsAny<OperationCanceledException>(() =>
            Infer.Pathfinder(Target(), new PathfinderOptions { NumPaths = 4, MaxDegreeOfParallelism = 1 }, progress: progress, cancellationToken: cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Single(reports);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
