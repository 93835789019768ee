using Probabilistic.Distributed.OuterLoops;
using Probabilistic.Distributed.Tests.Cluster;
using Probabilistic.Inference;

namespace Probabilistic.Distributed.Tests.OuterLoops;

/// <summary>PMMH chains as grains on the shared three-silo cluster: the single-machine chains for the seed, and clear errors.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterPmmhTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Each chain c of the cluster run equals Infer.Pmmh with seed ChainSeed(seed, c), state for state.</summary>
    internal static void AssertSameChain<T>(PmmhChain<T> expected, PmmhChain<T> actual)
    {
        Assert.Equal(expected.Parameters.Count, actual.Parameters.Count);
        for (int i = 0; i < expected.Parameters.Count; i++)
        {
            Assert.Equal(expected.Parameters[i], actual.Parameters[i]);
            Assert.Equal(expected.Values[i], actual.Values[i]);
            Assert.Equal(expected.LogEvidence[i], actual.LogEvidence[i]);
        }
        Assert.Equal(expected.AcceptanceRate, actual.AcceptanceRate);
    }

    [Fact]
    public async Task ChainsAreTheSingleMachineChainsForTheSeed()
    {
        var options = new PmmhOptions { Samples = 45, BurnIn = 10, Particles = 20, Seed = 11 };
        var chains = await ClusterParticleMcmc.Pmmh<double>(fixture.Cluster.Client, OuterLoopModels.Drift, [Address.Parse("q")], 3, options, segment: 20)
            .WaitAsync(Limit);
        Assert.Equal(3, chains.Length);
        for (int c = 0; c < 3; c++)
            AssertSameChain(Infer.Pmmh(OuterLoopModels.DriftModel(), Selection.Of("q"), options with { Seed = ClusterParticleMcmc.ChainSeed(11, c) }), chains[c]);
        Assert.NotEqual(chains[0].LogEvidence, chains[1].LogEvidence);
        Assert.True(chains.All(c => c.AcceptanceRate > 0), "every chain should move");
    }

    [Fact]
    public async Task DiscreteParametersAndTheInterpreterGiveTheSingleMachineChains()
    {
        var options = new PmmhOptions { Samples = 30, BurnIn = 5, Particles = 10, Seed = 4, Interpreted = true, Resampler = Inference.Particles.Resampler.Stratified };
        var chains = await ClusterParticleMcmc.Pmmh<int>(fixture.Cluster.Client, OuterLoopModels.Accuracy, [Address.Parse("accuracy")], 2, options, segment: 7)
            .WaitAsync(Limit);
        for (int c = 0; c < 2; c++)
            AssertSameChain(Infer.Pmmh(OuterLoopModels.AccuracyModel(), Selection.Of("accuracy"), options with { Seed = ClusterParticleMcmc.ChainSeed(4, c) }), chains[c]);
    }

    [Fact]
    public async Task AnUnknownModelIsAClearError()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() =>
            ClusterParticleMcmc.Pmmh<double>(fixture.Cluster.Client, "outerloops-no-such-model", [Address.Parse("q")], 2, new PmmhOptions { Samples = 5, BurnIn = 0 }).WaitAsync(Limit));
        Assert.IsType<KeyNotFoundException>(e);
        Assert.Contains("'outerloops-no-such-model'", e.Message);
        Assert.Contains(OuterLoopModels.Drift, e.Message); // the message lists the registered names
    }

    [Fact]
    public async Task AModelThatThrowsInAGrainIsAClearError()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() =>
            ClusterParticleMcmc.Pmmh<double>(fixture.Cluster.Client, OuterLoopModels.Throws, [Address.Parse("q")], 2, new PmmhOptions { Samples = 5, BurnIn = 0 }).WaitAsync(Limit));
        // The model's InvalidOperationException reaches the caller inside a ModelException that names the model and the chain.
        Assert.IsType<ModelException>(e);
        Assert.Contains(OuterLoopModels.ThrowsMessage, e.Message);
        Assert.Contains($"'{OuterLoopModels.Throws}'", e.Message);
        Assert.Contains("Pmmh chain ", e.Message);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public async Task ASelectionTheModelNeverVisitsIsAClearError()
    {
        // The grain's ModelException (which Orleans cannot carry) reaches the caller as a ModelException naming the address and the chain.
        var e = await Assert.ThrowsAsync<ModelException>(() =>
            ClusterParticleMcmc.Pmmh<double>(fixture.Cluster.Client, OuterLoopModels.Drift, [Address.Parse("nope")], 1, new PmmhOptions { Samples = 5, BurnIn = 0 }).WaitAsync(Limit));
        Assert.Contains("'nope'", e.Message);
        Assert.Contains("Pmmh chain 0", e.Message);
        Assert.Equal(Address.Parse("nope"), e.Address);
    }

    [Fact]
    public async Task BadArgumentsAreRejectedAtTheCaller()
    {
        var client = fixture.Cluster.Client;
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ClusterParticleMcmc.Pmmh<double>(client, OuterLoopModels.Drift, [Address.Parse("q")], 0).WaitAsync(Limit));
        await Assert.ThrowsAsync<ArgumentException>(() => ClusterParticleMcmc.Pmmh<double>(client, OuterLoopModels.Drift, [], 1).WaitAsync(Limit));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ClusterParticleMcmc.Pmmh<double>(client, OuterLoopModels.Drift, [Address.Parse("q")], 1, new PmmhOptions { Particles = 0 }).WaitAsync(Limit));
    }
}
