using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Probabilistic.Inference;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>Bad input reaches the caller as a clear exception, in bounded time: nothing hangs.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterErrorTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task AnUnknownModelNameIsTheCatalogsError()
    {
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => Distributed.Cluster.Nuts(Client, "no-such-model", ChainTestModels.Short).WaitAsync(Limit));
        Assert.Contains("'no-such-model'", e.Message);
        Assert.Contains(ChainTestModels.EightSchoolsName, e.Message); // the names that are registered
        // A silo answers the same (a client whose catalog lacks a name the silos lack too).
        var grain = Client.GetGrain<IChainGrain>("unknown-" + Guid.NewGuid().ToString("N") + "/0");
        var onSilo = await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            grain.Advance(new ChainAssignment("no-such-model", HamiltonianRunSpec.From(ChainTestModels.Short), 0), 10, 0).WaitAsync(Limit));
        Assert.Contains("'no-such-model'", onSilo.Message);
    }

    [Fact]
    public async Task AModelThatThrowsInAGrainIsNamedWithItsChainAndIteration()
    {
        var e = await Assert.ThrowsAsync<ChainFailedException>(() =>
            Distributed.Cluster.Nuts(Client, ChainTestModels.ThrowingName, ChainTestModels.Short, new ClusterRunOptions { SegmentIterations = 50 }).WaitAsync(Limit));
        Assert.Contains($"Model '{ChainTestModels.ThrowingName}', chain ", e.Message);
        Assert.Matches(@"chain \d, iteration \d+", e.Message);
        Assert.Contains("is above 1.5", e.Message);
    }

    [Fact]
    public async Task CancellingInSamplingThrowsWithTheDrawsEveryChainReached()
    {
        using var cts = new CancellationTokenSource();
        var options = ChainTestModels.Short with { Draws = 5000 };
        // Cancel 0.1 s after the first round in sampling (iteration 200 > warmup 150) was reported: during a later round, mid-segment.
        var progress = new Collector<ClusterProgress>(new(), p => { if (p.Iteration > options.Warmup) cts.CancelAfter(TimeSpan.FromMilliseconds(100)); });
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<InferenceCanceledException<Posterior>>(() =>
            Distributed.Cluster.Nuts(Client, ChainTestModels.EightSchoolsName, options, new ClusterRunOptions { SegmentIterations = 100 }, progress, cts.Token).WaitAsync(Limit));
        Assert.NotNull(e.PartialResult);
        Assert.InRange(e.PartialResult!.Draws, 50, options.Draws - 1);
        // The partial draws are the uninterrupted run's first ones.
        var full = Infer.Nuts(ChainTestModels.EightSchools, options: ChainTestModels.Short with { Draws = e.PartialResult.Draws });
        Assert.Equal(full.Chain("mu"), e.PartialResult.Chain("mu"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"cancelling took {clock.Elapsed}");
    }

    [Fact]
    public async Task CancellingInWarmupThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var progress = new Collector<ClusterProgress>(new(), _ => cts.Cancel());
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Distributed.Cluster.Nuts(Client, ChainTestModels.EightSchoolsName, ChainTestModels.Short, new ClusterRunOptions { SegmentIterations = 20 }, progress, cts.Token).WaitAsync(Limit));
        Assert.IsNotType<InferenceCanceledException<Posterior>>(e);
        Assert.Contains("before every chain kept a draw", e.Message);
    }

    [Fact]
    public async Task AnUnreachableClusterIsNamedWithItsGatewayAndTimeout()
    {
        var nobody = new IPEndPoint(IPAddress.Loopback, FreePort()); // nothing listens there
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClusterUnreachableException>(() =>
            ClusterConnection.ConnectAsync([nobody], ClusterFixture.RegisterTestModels, TimeSpan.FromSeconds(5)).WaitAsync(Limit));
        Assert.Contains(nobody.ToString(), e.Message);
        Assert.Contains("within 5 s", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"failing took {clock.Elapsed}");
    }

    [Fact]
    public async Task OptionsThatCannotTravelAreRefusedAtTheCaller()
    {
        var e = await Assert.ThrowsAsync<NotSupportedException>(() =>
            Distributed.Cluster.Nuts(Client, ChainTestModels.EightSchoolsName, ChainTestModels.Short with { InitialValues = ChoiceMap.Empty }).WaitAsync(Limit));
        Assert.Contains("InitialValues", e.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Distributed.Cluster.Nuts(Client, ChainTestModels.EightSchoolsName, ChainTestModels.Short, new ClusterRunOptions { SegmentIterations = 0 }).WaitAsync(Limit));
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
