using System.Collections.Concurrent;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// NUTS and HMC on the three-silo cluster give the single-machine posterior for the same seed, bit for bit (draws,
/// statistics, generated quantities: the JSON form holds them all), publish the draws live, and stop early at a target ESS.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterNutsTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task SameSeedGivesInferNutsDrawsExactly()
    {
        var options = ChainTestModels.Short;
        string expected = Infer.Nuts(ChainTestModels.EightSchools, options: options).ToJson();
        // Segments of 45 iterations: the cuts fall inside the warmup's windows and in sampling.
        var reports = new ConcurrentQueue<ClusterProgress>();
        var posterior = await Distributed.Cluster.Nuts(Client, ChainTestModels.EightSchoolsName, options,
            new ClusterRunOptions { SegmentIterations = 45 }, new Collector<ClusterProgress>(reports)).WaitAsync(Limit);
        Assert.Equal(expected, posterior.ToJson());
        Assert.Equal(6, reports.Count); // ⌈250 / 45⌉ rounds
        var last = reports.Last().Report;
        Assert.True(last.Finished);
        Assert.Equal(options.Draws, last.Draws);
        // The coordinator's diagnostics, computed on the draws as they arrived, are the posterior's (same draws, same formulas).
        var parameters = last.Chains[0].Parameters;
        Assert.Equal(10, parameters.Length);
        Assert.Equal(parameters.Max(name => ConvergenceDiagnostics.Rhat(posterior.Chain(name))), last.MaxRhat);
        Assert.Equal(parameters.Min(name => ConvergenceDiagnostics.EssBulk(posterior.Chain(name))), last.MinEssBulk);
    }

    [Fact]
    public async Task HmcGivesInferHmcDrawsExactly()
    {
        var options = new HmcOptions { Chains = 3, Warmup = 120, Draws = 60, Seed = 5, IntegrationTime = 1.5 };
        string expected = Infer.Hmc(ChainTestModels.EightSchools, options: options).ToJson();
        var posterior = await Distributed.Cluster.Hmc(Client, ChainTestModels.EightSchoolsName, options, new ClusterRunOptions { SegmentIterations = 70 }).WaitAsync(Limit);
        Assert.Equal(expected, posterior.ToJson());
    }

    [Fact]
    public async Task DrawsStreamToAWatcherAsTheyArrive()
    {
        var options = ChainTestModels.Short with { Chains = 3 };
        string runId = "watched-" + Guid.NewGuid().ToString("N");
        var batches = new ConcurrentQueue<DrawBatch>();
        var subscription = await Distributed.Cluster.WatchDraws(Client, runId, b => { batches.Enqueue(b); return Task.CompletedTask; }).WaitAsync(Limit);
        var posterior = await Distributed.Cluster.Nuts(Client, ChainTestModels.EightSchoolsName, options,
            new ClusterRunOptions { SegmentIterations = 60, RunId = runId }).WaitAsync(Limit);
        // Memory streams deliver asynchronously: wait (bounded) for the last batch.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (batches.Sum(b => b.Draws.Length) < options.Chains * options.Draws && DateTime.UtcNow < deadline) await Task.Delay(50);
        await subscription.UnsubscribeAsync().WaitAsync(Limit);
        int mu = Array.IndexOf(batches.First().Parameters, "mu");
        for (int k = 0; k < options.Chains; k++)
        {
            var streamed = batches.Where(b => b.Chain == k).OrderBy(b => b.FirstDraw).ToArray();
            Assert.True(streamed.Length >= 2, $"chain {k}: {streamed.Length} batches; the draws come segment by segment");
            int next = 0;
            foreach (var b in streamed) { Assert.Equal(next, b.FirstDraw); next += b.Draws.Length; } // none lost, none repeated
            Assert.Equal(posterior.Chain("mu")[k], streamed.SelectMany(b => b.Draws).Select(d => d[mu]).ToArray());
        }
    }

    [Fact]
    public async Task StopsEarlyOnceTheTargetEssIsReached()
    {
        var options = ChainTestModels.Short with { Draws = 2000 };
        var full = Infer.Nuts(ChainTestModels.EightSchools, options: options);
        var reports = new ConcurrentQueue<ClusterProgress>();
        var posterior = await Distributed.Cluster.Nuts(Client, ChainTestModels.EightSchoolsName, options,
            new ClusterRunOptions { SegmentIterations = 100, TargetEss = 100 }, new Collector<ClusterProgress>(reports)).WaitAsync(Limit);
        var last = reports.Last().Report;
        Assert.True(last.TargetReached);
        Assert.True(last.MinEssBulk >= 100);
        Assert.True(posterior.Draws < options.Draws, $"{posterior.Draws} draws: it did not stop early");
        Assert.Equal(last.Draws, posterior.Draws);
        // The draws are the first ones of the full run, chain by chain.
        for (int k = 0; k < options.Chains; k++)
            Assert.Equal(full.Chain("mu")[k][..posterior.Draws], posterior.Chain("mu")[k]);
    }

    [Fact]
    public async Task ARepeatedRoundRunsNothingTwice()
    {
        var request = new RunRequest(ChainTestModels.EightSchoolsName, HamiltonianRunSpec.From(ChainTestModels.Short), null);
        var coordinator = Client.GetGrain<IRunCoordinatorGrain>("repeated-" + Guid.NewGuid().ToString("N"));
        var first = await coordinator.Advance(request, 170).WaitAsync(Limit);
        var again = await coordinator.Advance(request, 170).WaitAsync(Limit);
        Assert.All(again.Chains, c => Assert.Equal(170, c.Iteration));
        Assert.All(again.Chains, c => Assert.Equal(0, c.SampleMilliseconds));
        Assert.Equal(first.Chains.Select(c => c.DrawCount), again.Chains.Select(c => c.DrawCount));
        Assert.Equal(first.MaxRhat, again.MaxRhat);
    }

}

/// <summary>An <see cref="IProgress{T}"/> that keeps every report, synchronously (no synchronization context involved).</summary>
internal sealed class Collector<T>(ConcurrentQueue<T> into, Action<T>? also = null) : IProgress<T>
{
    public void Report(T value)
    {
        into.Enqueue(value);
        also?.Invoke(value);
    }
}
