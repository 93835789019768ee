using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using Probabilistic.Distributed.OuterLoops;
using Probabilistic.Distributed.Tests.Cluster;
using Probabilistic.Inference;

namespace Probabilistic.Distributed.Tests.OuterLoops;

/// <summary>
/// A fresh three-silo cluster of its own (so killing a silo does not disturb the shared one) whose checkpoint storage is
/// outside the silos (<see cref="ProcessStorage"/>: a dictionary of the test process, as a database would be), with
/// fast failure detection so a killed silo is declared dead in seconds.
/// </summary>
public sealed class FailureClusterFixture : IAsyncLifetime
{
    /// <summary>The running cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync().WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddGrainStorage(ClusterConfiguration.CheckpointStorage, (sp, _) => new ProcessStorage(sp.GetRequiredService<Serializer>()));
            siloBuilder
                .Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 1;
                    o.NumVotesForDeathDeclaration = 1;
                })
                .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10))
                .AddProbabilisticModels(catalog => new OuterLoopModels().Register(catalog));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
    }
}

/// <summary>Grain storage in a dictionary of the test process (shared by its silos, outliving any of them); states are stored serialized.</summary>
internal sealed class ProcessStorage(Serializer serializer) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, (byte[] State, string ETag)> Stored = new();

    private static string Key(string stateName, GrainId grainId) => $"{stateName}|{grainId}";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Stored.TryGetValue(Key(stateName, grainId), out var entry))
        {
            grainState.State = serializer.Deserialize<T>(entry.State);
            (grainState.ETag, grainState.RecordExists) = (entry.ETag, true);
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string etag = Guid.NewGuid().ToString("N");
        Stored[Key(stateName, grainId)] = (serializer.SerializeToArray(grainState.State), etag);
        (grainState.ETag, grainState.RecordExists) = (etag, true);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Stored.TryRemove(Key(stateName, grainId), out _);
        (grainState.ETag, grainState.RecordExists) = (null, false);
        return Task.CompletedTask;
    }
}

/// <summary>PMMH chains survive a silo killed in the middle of sampling: reactivated elsewhere, they resume from their last checkpoint.</summary>
public sealed class SiloFailureTests(FailureClusterFixture fixture) : IClassFixture<FailureClusterFixture>
{
    /// <summary>The fixture's cluster with three silos again (a test before this one may have killed one).</summary>
    private async Task<TestCluster> ThreeSilos()
    {
        var cluster = fixture.Cluster;
        while (cluster.Silos.Count < 3) await cluster.StartAdditionalSiloAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return cluster;
    }

    [Fact]
    public async Task ChainsOfAKilledSiloResumeFromTheirCheckpointsAndGiveTheUninterruptedDraws()
    {
        var cluster = await ThreeSilos();
        var options = new PmmhOptions { Samples = 60, BurnIn = 20, Particles = 20, Seed = 31 };
        const int chains = 6;
        var before = new ConcurrentDictionary<int, string>();
        var after = new ConcurrentDictionary<int, string>();
        string? killed = null;
        int killing = 0;
        var result = await ClusterParticleMcmc.RunPmmh<double>(cluster.Client, OuterLoopModels.Drift, [Address.Parse("q")], chains, options, 10,
            async (chain, segment) =>
            {
                if (segment.To == 10) before[chain] = segment.Silo;
                else if (Volatile.Read(ref killed) is not null) after.TryAdd(chain, segment.Silo);
                if (segment.To != 30 || Interlocked.Exchange(ref killing, 1) == 1) return;
                // Kill the secondary silo that ran the most chains' first segments, while the chains are sampling.
                var victim = cluster.SecondarySilos.OrderByDescending(s => before.Values.Count(v => v == s.SiloAddress.ToString())).First();
                await cluster.KillSiloAsync(victim).WaitAsync(TimeSpan.FromSeconds(60));
                Volatile.Write(ref killed, victim.SiloAddress.ToString());
            }, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(4));

        Assert.NotNull(killed);
        Assert.DoesNotContain(killed, after.Values);
        for (int c = 0; c < chains; c++)
        {
            var uninterrupted = Infer.Pmmh(OuterLoopModels.DriftModel(), Selection.Of("q"), options with { Seed = ClusterParticleMcmc.ChainSeed(31, c) });
            ClusterPmmhTests.AssertSameChain(uninterrupted, result[c]);
        }
        // At least one chain ran its first segment on the killed silo (6 chains over 3 silos), and so was reactivated elsewhere.
        Assert.Contains(killed, before.Values);
    }

    [Fact]
    public async Task Smc2BlocksOfAKilledSiloAreRebuiltFromTheirLineagesAndTheRunIsUnchanged()
    {
        var cluster = await ThreeSilos();
        // EssThreshold 1 resamples at every step but the last: when the silo is killed (after step 2) every particle's
        // lineage has been cloned at step 1 (and some moved), so the rebuilt block replays cloned and moved lineages.
        var options = new Smc2Options { ParameterParticles = 12, Particles = 10, EssThreshold = 1.0, Seed = 5 };
        string? killed = null;
        string[] after = [];
        var result = await ClusterParticleMcmc.RunSmc2<double>(cluster.Client, OuterLoopModels.Drift, [Address.Parse("q")], options, 3, null,
            async (step, blocks, lineages) =>
            {
                if (step == 2)
                {
                    Assert.Contains(lineages, l => l.BornAt > 0 || l.Clones > 0);
                    // Kill a secondary silo that holds a block, between two steps of the run.
                    var victim = cluster.SecondarySilos.OrderByDescending(s => blocks.Count(b => b.Silo == s.SiloAddress.ToString())).First();
                    Assert.Contains(blocks, b => b.Silo == victim.SiloAddress.ToString());
                    await cluster.KillSiloAsync(victim).WaitAsync(TimeSpan.FromSeconds(60));
                    killed = victim.SiloAddress.ToString();
                }
                else if (step == 3) after = blocks.Select(b => b.Silo).ToArray();
            }, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.NotNull(killed);
        Assert.Equal(3, after.Length);
        Assert.DoesNotContain(killed, after);
        var expected = Infer.Smc2(OuterLoopModels.DriftModel(), Selection.Of("q"), options);
        Assert.Equal(expected.LogEvidence, result.LogEvidence);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.Values[i].Parameters, result.Values[i].Parameters);
            Assert.Equal(expected.Values[i].Value, result.Values[i].Value);
            Assert.Equal(expected.Weights[i], result.Weights[i]);
        }
    }

    [Fact]
    public async Task ABlockLostAfterTheLastStepIsRebuiltAtThatStepForFinish()
    {
        // The last step never resamples: a block lost between it and Finish must be rebuilt at the last step, not the one before.
        var cluster = await ThreeSilos();
        var options = new Smc2Options { ParameterParticles = 12, Particles = 10, EssThreshold = 1.0, Seed = 8 };
        string? killed = null;
        var result = await ClusterParticleMcmc.RunSmc2<double>(cluster.Client, OuterLoopModels.Drift, [Address.Parse("q")], options, 3, null,
            async (step, blocks, _) =>
            {
                if (!blocks.All(b => b.AllFinished)) return;
                var victim = cluster.SecondarySilos.OrderByDescending(s => blocks.Count(b => b.Silo == s.SiloAddress.ToString())).First();
                Assert.Contains(blocks, b => b.Silo == victim.SiloAddress.ToString());
                await cluster.KillSiloAsync(victim).WaitAsync(TimeSpan.FromSeconds(60));
                killed = victim.SiloAddress.ToString();
            }, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.NotNull(killed);
        AssertSameRun(Infer.Smc2(OuterLoopModels.DriftModel(), Selection.Of("q"), options), result);
    }

    private static void AssertSameRun(WeightedSample<(ChoiceMap Parameters, double Value)> expected, WeightedSample<(ChoiceMap Parameters, double Value)> actual)
    {
        Assert.Equal(expected.LogEvidence, actual.LogEvidence);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.Values[i].Parameters, actual.Values[i].Parameters);
            Assert.Equal(expected.Values[i].Value, actual.Values[i].Value);
            Assert.Equal(expected.Weights[i], actual.Weights[i]);
        }
    }
}
