using Probabilistic.Distributed.Islands;
using Probabilistic.Distributed.Tests.Cluster;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.Tests.Islands;

/// <summary>
/// Island SMC on the three-silo test cluster: for a seed, the same pooled sample as the single-machine island runner
/// (<see cref="IslandSmc.Run{T}"/>), bit for bit, for both island schemes on the compiled and the interpreted program; agreement
/// with the Kalman filter on hmm_gauss_T50; bad input reported at the caller. Unbiasedness of both schemes' evidence is
/// proven exactly on the coordinator both runs share (PropertyTests, <c>IslandPreservationProperties</c>): the cluster
/// run is that coordinator over grains, whose equality with the local islands these tests show.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterIslandTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private IClusterClient Client => fixture.Cluster.Client;

    private static void AssertIdentical(WeightedSample<Real> expected, WeightedSample<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.Values[i].Value, actual.Values[i]);
            Assert.Equal(expected.Weights[i], actual.Weights[i]);
        }
        Assert.Equal(expected.LogEvidence, actual.LogEvidence);
        Assert.Equal(expected.LogEvidenceStandardError, actual.LogEvidenceStandardError);
        Assert.Equal(expected.LogEvidenceStandardErrorKind, actual.LogEvidenceStandardErrorKind);
    }

    [Theory]
    [InlineData(IslandInteraction.Independent, false)]
    [InlineData(IslandInteraction.Resampling, false)]
    [InlineData(IslandInteraction.Resampling, true)]
    [InlineData(IslandInteraction.Independent, true)]
    public async Task SameSeedGivesTheSingleMachineIslandRun(IslandInteraction interaction, bool interpreted)
    {
        var options = new IslandSmcOptions
        {
            Islands = 5, Interaction = interaction, IslandEssThreshold = 0.8,
            Island = new SmcOptions { Particles = 40, Seed = 17, Interpreted = interpreted, Resampler = Resampler.Multinomial },
        };
        var result = await ClusterIslands.Smc(Client, IslandModels.HmmT50, options).WaitAsync(Timeout);
        AssertIdentical(IslandSmc.Run(IslandModels.HmmT50Model(), options), result.Sample);
        Assert.Equal(5, result.IslandSilos.Count);
        Assert.All(result.IslandSilos, s => Assert.False(string.IsNullOrEmpty(s)));
    }

    /// <summary>
    /// Independent islands (8 of 125 particles) on hmm_gauss_T50: log Ẑ within 3 estimated standard errors of the Kalman
    /// filter's in at least 8 of 10 seeds. The error comes from 8 islands' spread, so (log Ẑ − log Z)/se is roughly t with
    /// 7 degrees of freedom: P(|t| &gt; 3) ≈ 0.02, and 3 or more misses in 10 runs has probability about 0.001.
    /// </summary>
    [Fact]
    public async Task IndependentIslandsAgreeWithTheKalmanFilter()
    {
        int hits = 0;
        for (ulong seed = 1; seed <= 10; seed++)
        {
            var options = new IslandSmcOptions { Islands = 8, Island = new SmcOptions { Particles = 125, Seed = seed } };
            var s = (await ClusterIslands.Smc(Client, IslandModels.HmmT50, options).WaitAsync(Timeout)).Sample;
            if (Math.Abs(s.LogEvidence - IslandModels.ExactLogEvidence) <= 3 * s.LogEvidenceStandardError) hits++;
        }
        Assert.True(hits >= 8, $"log evidence within 3 se in {hits} of 10 runs");
    }

    /// <summary>
    /// Island resampling on hmm_gauss_T50, the single-machine test's settings (16 islands of 50 particles, multinomial,
    /// island ESS threshold 0.5) and criterion: within 3 estimated standard errors in at least 18 of 20 seeds.
    /// </summary>
    [Fact]
    public async Task IslandResamplingAgreesWithTheKalmanFilter()
    {
        int hits = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var options = new IslandSmcOptions
            {
                Islands = 16, Interaction = IslandInteraction.Resampling, IslandEssThreshold = 0.5,
                Island = new SmcOptions { Particles = 50, Seed = seed, Resampler = Resampler.Multinomial },
            };
            var s = (await ClusterIslands.Smc(Client, IslandModels.HmmT50, options).WaitAsync(Timeout)).Sample;
            if (Math.Abs(s.LogEvidence - IslandModels.ExactLogEvidence) <= 3 * s.LogEvidenceStandardError) hits++;
        }
        Assert.True(hits >= 18, $"log evidence within 3 se in {hits} of 20 runs");
    }

    [Fact]
    public async Task UnknownModelIsAnErrorNamingIt()
    {
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => ClusterIslands.Smc(Client, "no-such-model", new IslandSmcOptions { Islands = 2 }).WaitAsync(Timeout));
        Assert.Contains("no-such-model", e.Message);
    }

    [Fact]
    public async Task ModelOfAnotherReturnTypeIsAnErrorNamingIt()
    {
        var options = new IslandSmcOptions { Islands = 2, Island = new SmcOptions { Particles = 10 } };
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => ClusterIslands.Smc(Client, IslandModels.Text, options).WaitAsync(Timeout));
        Assert.Contains("String", e.Message);
    }

    [Fact]
    public async Task EveryParticleImpossibleIsAnErrorAtTheCaller()
    {
        var options = new IslandSmcOptions { Islands = 2, Island = new SmcOptions { Particles = 10 } };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterIslands.Smc(Client, IslandModels.Impossible, options).WaitAsync(Timeout));
        Assert.Contains("ModelException", e.Message);
        Assert.Contains("weight 0", e.Message);
    }

    [Fact]
    public async Task CancellationStopsTheRun()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ClusterIslands.Smc(Client, IslandModels.HmmT50, new IslandSmcOptions { Islands = 2 }, cancellationToken: cancel.Token).WaitAsync(Timeout));
    }
}
