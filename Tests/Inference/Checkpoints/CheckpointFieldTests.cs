using System.Buffers.Binary;
using System.Text;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Tests.Inference.Gradient;
using Xunit;

namespace Probabilistic.Tests.Inference.Checkpoints;

/// <summary>Fields a resumed chain relies on are checked on reading (even under a valid hash); final states agree byte for byte.</summary>
public class CheckpointFieldTests
{
    // The frame: magic (8 bytes), version (int), payload length (long), payload, FNV-1a hash (ulong).
    private const int Head = 8 + 4 + 8;

    private static (HamiltonianCheckpoint Checkpoint, byte[] Bytes) Stopped()
    {
        var sampler = HamiltonianSampler.Start(new CorrelatedNormalTarget(0.5), new NutsOptions { Chains = 2, Warmup = 20, Draws = 5, Seed = 6 });
        sampler.Run(8);
        var checkpoint = sampler.Checkpoint();
        return (checkpoint, checkpoint.ToBytes());
    }

    /// <summary>Where chain 0's fields begin in the bytes: after the sampler, dimension, parameters and settings (BinaryWriter's layout).</summary>
    private static int FirstChain(HamiltonianCheckpoint c)
    {
        using var m = new MemoryStream();
        using (var w = new BinaryWriter(m, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(c.Sampler);
            w.Write(c.Dimension);
            w.Write(c.Parameters.Count);
            foreach (var p in c.Parameters) w.Write(p);
            w.Write(c.Settings.Count);
            foreach (var (k, v) in c.Settings) { w.Write(k); w.Write(v); }
            w.Write(c.Chains.Count);
        }
        return Head + (int)m.Length;
    }

    /// <summary>Recomputes the hash, so that the field check, not the hash, must catch the change.</summary>
    private static byte[] Rehashed(byte[] bytes)
    {
        ulong hash = CheckpointWriter.Fnv1a(bytes.AsSpan(Head, bytes.Length - Head - 8));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), hash);
        return bytes;
    }

    [Fact]
    public void ACorruptStepSizeOrChainNumberUnderAValidHashIsNamed()
    {
        var (checkpoint, bytes) = Stopped();
        int chain0 = FirstChain(checkpoint);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(chain0)));
        Assert.Equal(8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(chain0 + 4)));

        var negative = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(negative.AsSpan(chain0 + 12), BitConverter.DoubleToInt64Bits(-0.25));
        var e = Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(Rehashed(negative)));
        Assert.Contains("chain 0's step size is -0.25", e.Message);

        var nan = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(nan.AsSpan(chain0 + 12), BitConverter.DoubleToInt64Bits(double.NaN));
        Assert.Contains("step size", Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(Rehashed(nan))).Message);

        var renumbered = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(renumbered.AsSpan(chain0), 1);
        Assert.Contains("position 0 says it is chain 1", Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(Rehashed(renumbered))).Message);

        // The metric diagonal follows the step size, the position (count + d doubles), the log density and the gradient.
        int d = checkpoint.Dimension;
        int diagonal = chain0 + 12 + 8 + (4 + 8 * d) + 8 + (4 + 8 * d) + 4;
        Assert.Equal(checkpoint.Chains[0].InverseMetricDiagonal[0], BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(diagonal))));
        var zeroMetric = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(zeroMetric.AsSpan(diagonal), 0);
        Assert.Contains("inverse metric diagonal has 0 at coordinate 0", Assert.Throws<InvalidDataException>(() => HamiltonianCheckpoint.FromBytes(Rehashed(zeroMetric))).Message);

        // Unchanged bytes still read.
        Assert.Equal(bytes, HamiltonianCheckpoint.FromBytes(bytes).ToBytes());
    }

    [Theory]
    [InlineData(60)]
    [InlineData(170)]
    public void AResumedRunEndsInTheUninterruptedRunsFinalCheckpointByteForByte(int stopAfter)
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var o = new NutsOptions { Chains = 2, Warmup = 150, Draws = 30, Seed = 23 };
        var uninterrupted = HamiltonianSampler.Start(model, options: o);
        uninterrupted.Run(int.MaxValue);
        byte[] expected = uninterrupted.Checkpoint().ToBytes();
        var first = HamiltonianSampler.Start(model, options: o);
        first.Run(stopAfter);
        var resumed = HamiltonianSampler.Resume(model, null, HamiltonianCheckpoint.FromBytes(first.Checkpoint().ToBytes()), o);
        resumed.Run(int.MaxValue);
        Assert.Equal(expected, resumed.Checkpoint().ToBytes());
        // The one-shot fit's state (its draws rebuilt from the posterior) is the same bytes too.
        Assert.Equal(expected, Infer.Nuts(model, options: o).SamplerState!.ToBytes());
    }
}
