using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Tests.Inference.Gradient;
using Xunit;

namespace Probabilistic.Tests.Inference.Checkpoints;

/// <summary>
/// Stopping an HMC/NUTS run after iteration k, serializing its state to bytes, reading it back into new objects and
/// resuming gives the uninterrupted run's posterior bit for bit: for stop points in the initial buffer, at and inside
/// metric windows, at the end of warmup and in sampling, with several chains, every metric kind and static HMC.
/// </summary>
public class HamiltonianResumeTests
{
    private static Model<Real[]> EightSchools => EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);

    // Warmup 150: Stan's schedule gives an initial buffer of 75, windows 75–99 and 100–149 … stretched to the terminal
    // buffer; the stop points straddle each boundary, the end of warmup (150) and sampling.
    private static readonly NutsOptions EightSchoolsOptions = new() { Chains = 3, Warmup = 150, Draws = 40, Seed = 21 };

    /// <summary>Serializes and reads back: the resumed run shares no object with the stopped one.</summary>
    private static HamiltonianCheckpoint RoundTrip(HamiltonianCheckpoint c) => HamiltonianCheckpoint.FromBytes(c.ToBytes());

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(74)]
    [InlineData(75)]
    [InlineData(99)]
    [InlineData(149)]
    [InlineData(150)]
    [InlineData(151)]
    [InlineData(183)]
    public void NutsOnAModelResumesBitIdentically(int stopAfter)
    {
        string expected = Infer.Nuts(EightSchools, options: EightSchoolsOptions).ToJson();
        var first = HamiltonianSampler.Start(EightSchools, options: EightSchoolsOptions);
        first.Run(stopAfter);
        Assert.Equal(stopAfter, first.Iteration);
        var resumed = HamiltonianSampler.Resume(EightSchools, null, RoundTrip(first.Checkpoint()), EightSchoolsOptions);
        Assert.Equal(stopAfter, resumed.Iteration);
        resumed.Run(int.MaxValue);
        Assert.True(resumed.Finished);
        Assert.Equal(expected, resumed.Posterior().ToJson());
    }

    [Fact]
    public void ManySegmentsWithACheckpointBetweenEachResumeBitIdentically()
    {
        var o = EightSchoolsOptions with { Chains = 2 };
        string expected = Infer.Nuts(EightSchools, options: o).ToJson();
        var sampler = HamiltonianSampler.Start(EightSchools, options: o);
        while (!sampler.Finished)
        {
            sampler.Run(37);
            sampler = HamiltonianSampler.Resume(EightSchools, null, RoundTrip(sampler.Checkpoint()), o);
        }
        Assert.Equal(expected, sampler.Posterior().ToJson());
    }

    [Theory]
    [InlineData(MetricKind.Unit, 30)]
    [InlineData(MetricKind.Diagonal, 60)]
    [InlineData(MetricKind.Dense, 60)]
    [InlineData(MetricKind.Dense, 130)]
    [InlineData(MetricKind.FisherDiagonal, 60)]
    [InlineData(MetricKind.LowRank, 60)]
    [InlineData(MetricKind.LowRank, 130)]
    public void EveryMetricKindResumesBitIdentically(MetricKind metric, int stopAfter)
    {
        // Warmup 120: windows end at 44, 59 and 107 (15%/75%/10% of a short warmup: buffers 18 and 12, one window of 90
        // stretched), so 60 stops inside a window with its sums or draws half gathered and 130 in sampling.
        var o = new NutsOptions { Chains = 2, Warmup = 120, Draws = 30, Seed = 5, Metric = metric };
        var target = new CorrelatedNormalTarget(0.9);
        string expected = Infer.Nuts(target, o).ToJson();
        var first = HamiltonianSampler.Start(target, o);
        first.Run(stopAfter);
        var resumed = HamiltonianSampler.Resume(target, RoundTrip(first.Checkpoint()), o);
        resumed.Run(int.MaxValue);
        Assert.Equal(expected, resumed.Posterior().ToJson());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(90)]
    public void StaticHmcResumesBitIdentically(int stopAfter)
    {
        var o = new HmcOptions { Chains = 2, Warmup = 80, Draws = 30, Seed = 8, IntegrationTime = 1.5 };
        string expected = Infer.Hmc(EightSchools, options: o).ToJson();
        var first = HamiltonianSampler.Start(EightSchools, options: o);
        first.Run(stopAfter);
        var resumed = HamiltonianSampler.Resume(EightSchools, null, RoundTrip(first.Checkpoint()), o);
        resumed.Run(int.MaxValue);
        Assert.Equal(expected, resumed.Posterior().ToJson());
    }

    [Fact]
    public void AFinishedRunContinuesToMoreDrawsAsIfItHadAskedForThemAtFirst()
    {
        var o = EightSchoolsOptions with { Chains = 2, Draws = 20 };
        var shortRun = Infer.Nuts(EightSchools, options: o);
        var longer = HamiltonianSampler.Resume(EightSchools, null, RoundTrip(shortRun.SamplerState!), o with { Draws = 45 });
        longer.Run(int.MaxValue);
        Assert.Equal(Infer.Nuts(EightSchools, options: o with { Draws = 45 }).ToJson(), longer.Posterior().ToJson());
    }

    [Fact]
    public void TheBinaryFormRoundTripsExactly()
    {
        var sampler = HamiltonianSampler.Start(new CorrelatedNormalTarget(0.5), new NutsOptions { Chains = 2, Warmup = 40, Draws = 10, Seed = 3, Metric = MetricKind.Dense });
        sampler.Run(45);
        var bytes = sampler.Checkpoint().ToBytes();
        var back = HamiltonianCheckpoint.FromBytes(bytes);
        Assert.Equal(bytes, back.ToBytes());
        Assert.Equal(45, back.Iteration);
        Assert.Equal(5, back.Chains[0].DrawCount);
        Assert.Equal(sampler.Checkpoint().Chains[1].Position, back.Chains[1].Position);
        using var stream = new MemoryStream();
        back.WriteTo(stream);
        stream.Position = 0;
        Assert.Equal(bytes, HamiltonianCheckpoint.ReadFrom(stream).ToBytes());
    }

    [Fact]
    public void ACorruptCheckpointIsAClearError()
    {
        var sampler = HamiltonianSampler.Start(EightSchools, options: EightSchoolsOptions with { Chains = 1 });
        sampler.Run(5);
        var bytes = sampler.Checkpoint().ToBytes();

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x10;
        Assert.Contains("hash", Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(flipped)).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(bytes.AsSpan(0, bytes.Length - 9))).Message);
        Assert.Contains("too short", Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(bytes.AsSpan(0, 7))).Message);
        var other = (byte[])bytes.Clone();
        other[0] = (byte)'X';
        Assert.Contains("does not start with", Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(other)).Message);
        var future = (byte[])bytes.Clone();
        BitConverter.GetBytes(HamiltonianCheckpoint.FormatVersion + 1).CopyTo(future, 8);
        Assert.Contains("format version 2", Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(future)).Message);
    }

    [Fact]
    public void ACheckpointOfAnotherModelOrOtherSettingsIsAClearError()
    {
        var o = EightSchoolsOptions with { Chains = 1 };
        var sampler = HamiltonianSampler.Start(EightSchools, options: o);
        sampler.Run(5);
        var checkpoint = RoundTrip(sampler.Checkpoint());

        var other = Assert.Throws<ArgumentException>(() => HamiltonianSampler.Resume(new CorrelatedNormalTarget(0.5), checkpoint, o));
        Assert.Contains("dimension 10", other.Message);
        Assert.Equal("checkpoint", other.ParamName);
        // Same dimension, other names: a density over ℝ¹⁰ has columns theta[1] … theta[10].
        var renamed = Assert.Throws<ArgumentException>(() => HamiltonianSampler.Resume(new StandardNormalTarget(10), checkpoint, o));
        Assert.Contains("parameter 1 is", renamed.Message);
        Assert.Contains("another model", renamed.Message);
        var seed = Assert.Throws<ArgumentException>(() => HamiltonianSampler.Resume(EightSchools, null, checkpoint, o with { Seed = 22 }));
        Assert.Contains("Seed = 21", seed.Message);
        var hmc = Assert.Throws<ArgumentException>(() => HamiltonianSampler.Resume(EightSchools, null, checkpoint, new HmcOptions { Chains = 1, Warmup = 150, Draws = 40, Seed = 21 }));
        Assert.Contains("from NUTS", hmc.Message);
    }

    [Fact]
    public void PosteriorBeforeAnyDrawIsAnError()
    {
        var sampler = HamiltonianSampler.Start(EightSchools, options: EightSchoolsOptions with { Chains = 1 });
        sampler.Run(3);
        Assert.Contains("no draw kept yet", Assert.Throws<InvalidOperationException>(() => sampler.Posterior()).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Run(-1));
    }
}
