using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Probabilistic.Tests.Inference.Algorithms;
using Xunit;

namespace Probabilistic.Tests.Inference.Checkpoints;

/// <summary>
/// An SMC population stopped after step k, checkpointed to bytes and resumed gives the uninterrupted <c>Infer.Smc</c>'s
/// result bit for bit (values, weights, log-evidence and its error), on the interpreted program (particles replayed from
/// their recorded choices) and on a compiled twin (state structs written field by field); bad checkpoints are refused
/// with a message that says what is wrong.
/// </summary>
public class SmcResumeTests
{
    private static readonly double[] Y = GaussianHmm.Simulate(25, 3);

    private static void AssertIdentical<T>(WeightedSample<T> expected, WeightedSample<T> actual, Func<T, double> value)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(value(expected.Values[i]), value(actual.Values[i]));
            Assert.Equal(expected.Weights[i], actual.Weights[i]);
        }
        Assert.Equal(expected.LogEvidence, actual.LogEvidence);
        Assert.Equal(expected.LogEvidenceStandardError, actual.LogEvidenceStandardError);
        Assert.Equal(expected.LogEvidenceStandardErrorKind, actual.LogEvidenceStandardErrorKind);
        Assert.Equal(expected.EffectiveSampleSizeBeforeResampling, actual.EffectiveSampleSizeBeforeResampling);
    }

    /// <summary>Runs <paramref name="stops"/> steps at a time, checkpointing to bytes and resuming after each segment.</summary>
    private static WeightedSample<T> StopAndResume<T>(Model<T> model, SmcOptions options, params int[] stops)
    {
        var sampler = SmcSampler.Start(model, options);
        foreach (int k in stops)
        {
            sampler.Run(k - sampler.Step);
            Assert.Equal(k, sampler.Step);
            var bytes = sampler.Checkpoint().ToBytes();
            sampler = SmcSampler.Resume(model, SmcCheckpoint.FromBytes(bytes), options with { MaxDegreeOfParallelism = 1 + k % 2 });
            Assert.Equal(k, sampler.Step);
        }
        sampler.Run(int.MaxValue);
        return sampler.Result();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(25)] // after the last observation, before the finishing step
    [InlineData(26)] // finished
    public void InterpretedPopulationResumesBitForBit(int k)
    {
        var model = HmmSmcTests.GaussianRandomWalk(Y, 1, 1, 1);
        var options = new SmcOptions { Particles = 300, Seed = 11, Interpreted = true };
        AssertIdentical(Infer.Smc(model, options), StopAndResume(model, options, k), x => x.Value);
    }

    [Fact]
    public void InterpretedPopulationResumedSeveralTimesWithEveryResamplerIsUninterrupted()
    {
        var model = HmmSmcTests.TwoStateHmm(Y);
        foreach (var resampler in new[] { Resampler.Systematic, Resampler.Multinomial, Resampler.Stratified, Resampler.Residual })
        {
            var options = new SmcOptions { Particles = 200, Seed = 5, Interpreted = true, Resampler = resampler, EssThreshold = 0.7 };
            AssertIdentical(Infer.Smc(model, options), StopAndResume(model, options, 3, 4, 12, 20), z => z);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(25)]
    [InlineData(26)]
    public void CompiledPopulationResumesBitForBit(int k)
    {
        var model = GaussianHmm.Model(Y, 1.5, 0.7, 1.2);
        Assert.True(CompiledModels.TryGetTwin(model, out _));
        var options = new SmcOptions { Particles = 500, Seed = 8 };
        var sampler = SmcSampler.Start(model, options);
        sampler.Run(1);
        Assert.True(sampler.Checkpoint().IsCompiled);
        AssertIdentical(Infer.Smc(model, options), StopAndResume(model, options, k), x => x.Value);
        AssertIdentical(Infer.Smc(model, options), StopAndResume(model, options, 2, 9, 17), x => x.Value);
    }

    [Fact]
    public void UninterruptedSamplerIsInferSmc()
    {
        var model = GaussianHmm.Model(Y);
        var options = new SmcOptions { Particles = 400, Seed = 2 };
        var sampler = SmcSampler.Start(model, options);
        Assert.Equal(26, sampler.Run(int.MaxValue));
        Assert.True(sampler.IsFinished);
        AssertIdentical(Infer.Smc(model, options), sampler.Result(), x => x.Value);
        var interpreted = SmcSampler.Start(model, options with { Interpreted = true });
        interpreted.Run(int.MaxValue);
        AssertIdentical(Infer.Smc(model, options with { Interpreted = true }), interpreted.Result(), x => x.Value);
    }

    [Fact]
    public void ResumingWithoutOptionsTakesTheCheckpointsSettings()
    {
        var model = HmmSmcTests.GaussianRandomWalk(Y, 1, 1, 1);
        var options = new SmcOptions { Particles = 100, Seed = 4, Interpreted = true, Resampler = Resampler.Stratified, EssThreshold = 1 };
        var sampler = SmcSampler.Start(model, options);
        sampler.Run(6);
        var resumed = SmcSampler.Resume(model, SmcCheckpoint.FromBytes(sampler.Checkpoint().ToBytes()));
        resumed.Run(int.MaxValue);
        AssertIdentical(Infer.Smc(model, options), resumed.Result(), x => x.Value);
    }

    [Fact]
    public void CheckpointOfAnotherModelOrProgramIsRefused()
    {
        var options = new SmcOptions { Particles = 50, Seed = 1, Interpreted = true };
        var gaussian = SmcSampler.Start(HmmSmcTests.GaussianRandomWalk(Y, 1, 1, 1), options);
        gaussian.Run(3);
        var checkpoint = SmcCheckpoint.FromBytes(gaussian.Checkpoint().ToBytes());
        var other = Assert.Throws<ArgumentException>(() => SmcSampler.Resume(HmmSmcTests.TwoStateHmm(Y), checkpoint, options));
        Assert.Contains("another model", other.Message);

        var compiledModel = GaussianHmm.Model(Y);
        var wrongProgram = Assert.Throws<ArgumentException>(() => SmcSampler.Resume(compiledModel, checkpoint, options with { Interpreted = false }));
        Assert.Contains("program", wrongProgram.Message);

        var compiled = SmcSampler.Start(compiledModel, options with { Interpreted = false });
        compiled.Run(3);
        var compiledCheckpoint = compiled.Checkpoint();
        var shorter = Assert.Throws<ArgumentException>(() => SmcSampler.Resume(GaussianHmm.Model(Y[..10]), compiledCheckpoint, options with { Interpreted = false }));
        Assert.Contains("10", shorter.Message);
        var settings = Assert.Throws<ArgumentException>(() => SmcSampler.Resume(compiledModel, compiledCheckpoint, options with { Interpreted = false, Particles = 60 }));
        Assert.Contains("Particles", settings.Message);
    }

    [Fact]
    public void TruncatedCorruptOrForeignBytesAreRefused()
    {
        var sampler = SmcSampler.Start(HmmSmcTests.GaussianRandomWalk(Y, 1, 1, 1), new SmcOptions { Particles = 30, Interpreted = true });
        sampler.Run(4);
        var bytes = sampler.Checkpoint().ToBytes();
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => SmcCheckpoint.FromBytes(bytes.AsSpan(0, bytes.Length - 20))).Message);
        Assert.Contains("too short", Assert.Throws<InvalidDataException>(() => SmcCheckpoint.FromBytes(bytes.AsSpan(0, 10))).Message);
        var versioned = (byte[])bytes.Clone();
        versioned[8] = 2;
        Assert.Contains("format version 2", Assert.Throws<InvalidDataException>(() => SmcCheckpoint.FromBytes(versioned)).Message);
        var flipped = (byte[])bytes.Clone();
        flipped[40] ^= 1;
        Assert.Contains("hash", Assert.Throws<InvalidDataException>(() => SmcCheckpoint.FromBytes(flipped)).Message);
        var hmc = HamiltonianSampler.Start(Model.Sample("x", Probabilistic.Distributions.Dist.Normal(0, 1)), options: new NutsOptions { Chains = 1, Warmup = 5, Draws = 5 });
        Assert.Contains("PPLSMCCK", Assert.Throws<InvalidDataException>(() => SmcCheckpoint.FromBytes(hmc.Checkpoint().ToBytes())).Message);
    }

    [Fact]
    public void FinishedSamplerHasNoStepLeftAndUnfinishedHasNoResult()
    {
        var sampler = SmcSampler.Start(GaussianHmm.Model(Y), new SmcOptions { Particles = 20 });
        Assert.Throws<InvalidOperationException>(() => sampler.Result());
        sampler.Run(int.MaxValue);
        Assert.Equal(0, sampler.Run(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Run(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmcSampler.Start(GaussianHmm.Model(Y), new SmcOptions { Particles = 20, Islands = 2 }));
    }
}
