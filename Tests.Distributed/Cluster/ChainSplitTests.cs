using Probabilistic.Inference;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// What the chain grains stand on, on one machine: each chain of a run started alone
/// (<see cref="HamiltonianSampler.StartChain{T}(Model{T}, ChoiceMap?, HamiltonianOptions?, int)"/>), run in its own
/// segments through byte round trips, and joined (<see cref="HamiltonianCheckpoint.Combine"/>) gives the run's posterior.
/// </summary>
public sealed class ChainSplitTests
{
    private static readonly NutsOptions Options = ChainTestModels.Short with { Chains = 3 };

    [Fact]
    public void ChainsSampledApartAndJoinedEqualTheWholeRun()
    {
        string expected = Infer.Nuts(ChainTestModels.EightSchools, options: Options).ToJson();
        var parts = new List<HamiltonianCheckpoint>();
        for (int k = Options.Chains - 1; k >= 0; k--) // in reverse: no chain depends on another having run
        {
            var chain = HamiltonianSampler.StartChain(ChainTestModels.EightSchools, null, Options, k);
            int segment = 37 + 11 * k; // each chain cut differently
            while (!chain.Finished)
            {
                chain.Run(segment);
                chain = HamiltonianSampler.ResumeChain(ChainTestModels.EightSchools, null, HamiltonianCheckpoint.FromBytes(chain.Checkpoint().ToBytes()), Options);
            }
            var part = chain.Checkpoint();
            Assert.Equal(k, Assert.Single(part.Chains).Chain);
            parts.Add(part);
        }
        var whole = HamiltonianSampler.Resume(ChainTestModels.EightSchools, null, HamiltonianCheckpoint.Combine(parts), Options);
        Assert.True(whole.Finished);
        Assert.Equal(expected, whole.Posterior().ToJson());
    }

    [Fact]
    public void CombineRefusesAMissingOrRepeatedChainAndOtherRuns()
    {
        HamiltonianCheckpoint Part(int k, NutsOptions o)
        {
            var s = HamiltonianSampler.StartChain(ChainTestModels.EightSchools, null, o, k);
            s.Run(3);
            return s.Checkpoint();
        }
        var c0 = Part(0, Options);
        var c1 = Part(1, Options);
        var c2 = Part(2, Options);
        Assert.Contains("chain 1 is given twice", Assert.Throws<ArgumentException>(() => HamiltonianCheckpoint.Combine([c0, c1, c1])).Message);
        Assert.Contains("chain 1 is missing", Assert.Throws<ArgumentException>(() => HamiltonianCheckpoint.Combine([c0, c2, c2])).Message);
        Assert.Contains("the run has 3 chains but 2 were given", Assert.Throws<ArgumentException>(() => HamiltonianCheckpoint.Combine([c0, c1])).Message);
        Assert.Contains("different runs", Assert.Throws<ArgumentException>(() => HamiltonianCheckpoint.Combine([c0, c1, Part(2, Options with { Seed = 99 })])).Message);
        Assert.Equal(3, HamiltonianCheckpoint.Combine([c2, c0, c1]).Chains.Count);
        var e = Assert.Throws<ArgumentException>(() => HamiltonianSampler.ResumeChain(ChainTestModels.EightSchools, null, HamiltonianCheckpoint.Combine([c0, c1, c2]), Options));
        Assert.Contains("holds 3 chains", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => HamiltonianSampler.StartChain(ChainTestModels.EightSchools, null, Options, 3));
    }
}
