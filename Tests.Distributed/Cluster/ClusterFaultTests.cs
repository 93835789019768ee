using System.Collections.Concurrent;
using Probabilistic.Inference;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// A silo killed in the middle of sampling: its chains reactivate on the other silos from their last checkpoints, and the
/// final draws are the uninterrupted run's (none lost, none repeated). A grain storage that fails is reported at the caller.
/// </summary>
[Collection(FaultClusterCollection.Name)]
public sealed class ClusterFaultTests(FaultClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(100);

    [Fact]
    public async Task ChainsOfAKilledSiloResumeElsewhereFromTheirCheckpoints()
    {
        var cluster = fixture.Cluster;
        var options = ChainTestModels.Short with { Chains = 6 };
        string expected = Infer.Nuts(ChainTestModels.EightSchools, options: options).ToJson();
        var reports = new ConcurrentQueue<ClusterProgress>();
        Task? kill = null;
        string? killed = null;
        // After the second round (iteration 60, in warmup), kill a secondary silo that runs chains, while the third round starts.
        var progress = new Collector<ClusterProgress>(reports, p =>
        {
            if (kill is not null || p.Iteration < 60) return;
            var victim = cluster.SecondarySilos.First(s => p.Report.Chains.Any(c => c.Silo.Contains(s.SiloAddress.Endpoint.ToString(), StringComparison.Ordinal)));
            killed = victim.SiloAddress.Endpoint.ToString();
            kill = Task.Run(() => cluster.KillSiloAsync(victim));
        });
        var posterior = await Distributed.Cluster.Nuts(cluster.Client, ChainTestModels.EightSchoolsName, options,
            new ClusterRunOptions { SegmentIterations = 30, RoundTimeout = TimeSpan.FromSeconds(15), Retries = 20, RetryDelay = TimeSpan.FromMilliseconds(500) },
            progress).WaitAsync(Limit);
        await kill!.WaitAsync(Limit);

        Assert.Equal(expected, posterior.ToJson()); // every draw of every chain, bit for bit: none lost, none repeated
        var moved = reports.SelectMany(r => r.Report.Chains).Where(c => c.RestoredFrom >= 0).ToArray();
        Assert.NotEmpty(moved); // some chain was reactivated from its checkpoint ...
        Assert.All(moved, c => Assert.DoesNotContain(killed!, c.Silo)); // ... on a silo still alive
        Assert.All(moved, c => Assert.True(c.RestoredFrom >= 30 && c.RestoredFrom % 30 == 0, $"chain {c.Chain} restored from {c.RestoredFrom}")); // a segment's end
        Assert.All(reports.Last().Report.Chains, c => Assert.DoesNotContain(killed!, c.Silo));
    }

    [Fact]
    public async Task AFailingGrainStorageIsReportedAtTheCaller()
    {
        var e = await Assert.ThrowsAsync<CheckpointStorageException>(() =>
            Distributed.Cluster.Nuts(fixture.Cluster.Client, ChainTestModels.EightSchoolsName, ChainTestModels.Short,
                new ClusterRunOptions { RunId = FaultClusterFixture.FailingMarker + "-" + Guid.NewGuid().ToString("N") }).WaitAsync(Limit));
        Assert.Contains($"'{ClusterConfiguration.CheckpointStorage}'", e.Message);
        Assert.Contains("failed to write", e.Message);
        Assert.Contains("disk full", e.Message);
        Assert.Contains(FaultClusterFixture.FailingMarker, e.Grain);
    }
}
