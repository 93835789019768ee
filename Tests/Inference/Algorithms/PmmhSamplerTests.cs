using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>
/// The resumable pieces of the particle MCMC outer loops, on one machine: a PMMH chain resumed from a checkpoint
/// (<see cref="PmmhSampler{T}.Resume"/>) and an SMC² parameter particle rebuilt from its lineage (<see cref="Smc2Lineage.Replay{T}"/>).
/// </summary>
public class PmmhSamplerTests
{
    private static readonly double[] Ys = [0.4, 1.1, 0.7, 1.6, 1.2];

    // A drift q and a Gaussian random walk observed with noise.
    private static Model<double> Drift(double noise = 0.5) =>
        from q in Sample("q", Normal(0, 1))
        from last in Fold("x", Ys.Length, 0.0, (prev, t) =>
            from x in Sample("x", Normal(q + 0.5 * prev, 1))
            from _ in Observe(Normal(x, noise), Ys[t])
            select x.Value)
        select last;

    private static readonly PmmhOptions Options = new() { Samples = 30, BurnIn = 10, Particles = 15, Seed = 17 };

    private static List<PmmhSampler<double>.State> Uninterrupted() =>
        PmmhSampler<double>.StartPrior(Drift(), Selection.Of("q"), Options, CancellationToken.None).Run(int.MaxValue, null, CancellationToken.None);

    [Theory]
    [InlineData(4)] // in the burn-in
    [InlineData(10)] // at its end
    [InlineData(23)] // while sampling
    public void AChainResumedFromACheckpointIsTheUninterruptedChainBitForBit(int at)
    {
        var expected = Uninterrupted();
        var first = PmmhSampler<double>.StartPrior(Drift(), Selection.Of("q"), Options, CancellationToken.None);
        var kept = first.Run(at, null, CancellationToken.None);
        var resumed = PmmhSampler<double>.Resume(Drift(), Selection.Of("q"), Options, first.Checkpoint, CancellationToken.None);
        Assert.Equal(at, resumed.Iteration);
        Assert.Equal(first.Accepted, resumed.Accepted);
        kept.AddRange(resumed.Run(int.MaxValue, null, CancellationToken.None));
        Assert.Equal(expected.Count, kept.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Theta, kept[i].Theta);
            Assert.Equal(expected[i].LogZ, kept[i].LogZ);
            Assert.Equal(expected[i].LogPrior, kept[i].LogPrior);
            Assert.Equal(expected[i].Value, kept[i].Value);
        }
    }

    [Fact]
    public void ACheckpointResumedOnAnotherModelOrSettingsIsAClearError()
    {
        var sampler = PmmhSampler<double>.StartPrior(Drift(), Selection.Of("q"), Options, CancellationToken.None);
        sampler.Run(12, null, CancellationToken.None);
        var checkpoint = sampler.Checkpoint;
        var otherModel = Assert.Throws<ArgumentException>(() =>
            PmmhSampler<double>.Resume(Drift(noise: 0.9), Selection.Of("q"), Options, checkpoint, CancellationToken.None));
        Assert.Contains("another model or other settings", otherModel.Message);
        var otherSettings = Assert.Throws<ArgumentException>(() =>
            PmmhSampler<double>.Resume(Drift(), Selection.Of("q"), Options with { Particles = 16 }, checkpoint, CancellationToken.None));
        Assert.Contains("another model or other settings", otherSettings.Message);
        var tooShort = Assert.Throws<ArgumentException>(() =>
            PmmhSampler<double>.Resume(Drift(), Selection.Of("q"), Options with { Samples = 1, BurnIn = 0 }, checkpoint, CancellationToken.None));
        Assert.Contains("iteration 12", tooShort.Message);
    }

    [Fact]
    public void AClonedAndMovedLineageReplaysToTheSameParticle()
    {
        // A particle born at step 0, stepped, cloned after step 1, moved at step 2 (a proposal accepted: it is reborn at
        // step 2), cloned after step 2 and stepped to the model's end; its lineage, replayed, gives the same filter bit for bit.
        var model = Drift();
        var selection = Selection.Of("q");
        var options = new Smc2Options { ParameterParticles = 4, Particles = 8, MoveSteps = 3, Seed = 9 };
        var rng = new Rng(options.Seed);
        var birth = rng.State;
        var particle = Smc2Particle<double>.Born(model, selection, options, rng);
        var lineage = new Smc2Lineage(birth, 0, []);
        particle.Step(options, 0);
        particle = particle with { Filter = particle.Filter.Clone(11) };
        lineage = lineage.ClonedAt(1, 11);
        AssertSame(particle, lineage.Replay(model, selection, options, 1));
        particle.Step(options, 0);
        AssertSame(particle, lineage.Replay(model, selection, options, 2));
        // The first move stream whose proposal is accepted (fixed seeds: found deterministically).
        Smc2Particle<double> moved = particle;
        for (ulong k = 0; k < 50 && ReferenceEquals(moved.Filter, particle.Filter); k++)
            moved = particle.Move(model, selection, options, 2, new Rng(5, k));
        Assert.False(ReferenceEquals(moved.Filter, particle.Filter), "some move in 50 streams should be accepted");
        lineage = new Smc2Lineage(moved.Birth, 2, []).ClonedAt(2, 23);
        particle = moved with { Filter = moved.Filter.Clone(23) };
        int end = 2;
        while (!particle.Filter.AllFinished && end < 20) { particle.Step(options, 0); end++; }
        Assert.True(particle.Filter.AllFinished);
        AssertSame(particle, lineage.Replay(model, selection, options, end));
    }

    private static void AssertSame(Smc2Particle<double> expected, Smc2Particle<double> actual)
    {
        Assert.Equal(expected.Theta, actual.Theta);
        Assert.Equal(expected.LogPrior, actual.LogPrior);
        Assert.Equal(expected.Filter.LogEvidence, actual.Filter.LogEvidence);
        int drawn = expected.Filter.Draw(new Rng(3));
        Assert.Equal(drawn, actual.Filter.Draw(new Rng(3)));
        if (expected.Filter.AllFinished) Assert.Equal(expected.Filter.Value(drawn), actual.Filter.Value(drawn)); // a return value exists once the model ran to its end
        // The filters continue alike: one more step gives the same evidence.
        if (!expected.Filter.AllFinished)
        {
            var (e, a) = (expected with { Filter = expected.Filter.Clone(1) }, actual with { Filter = actual.Filter.Clone(1) });
            Assert.Equal(e.Step(new Smc2Options(), 0), a.Step(new Smc2Options(), 0));
        }
    }
}
