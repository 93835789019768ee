using System.Text;

namespace Probabilistic.Inference;

/// <summary>
/// The binary layout checkpoints are written in: little-endian, doubles as their IEEE 754 bits (so they read back
/// bit for bit, NaN payloads included), strings as UTF-8 with a length, arrays with a length (−1 for null). The file is
/// a magic string, a format version, the payload's length, the payload and its FNV-1a 64-bit hash
/// (Fowler, Noll &amp; Vo; IETF draft-eastlake-fnv), checked before anything is read.
/// </summary>
internal sealed class CheckpointWriter
{
    private readonly MemoryStream _payload = new();
    private readonly BinaryWriter _w;

    public CheckpointWriter() => _w = new BinaryWriter(_payload, Encoding.UTF8, leaveOpen: true);

    public void Int(int v) => _w.Write(v);
    public void Long(long v) => _w.Write(v);
    public void ULong(ulong v) => _w.Write(v);
    public void Double(double v) => _w.Write(BitConverter.DoubleToInt64Bits(v));
    public void Bool(bool v) => _w.Write(v);
    public void String(string v) => _w.Write(v);

    public void Bytes(byte[] values)
    {
        Int(values.Length);
        _w.Write(values);
    }

    public void Doubles(double[]? values)
    {
        if (values is null) { Int(-1); return; }
        Int(values.Length);
        foreach (var v in values) Double(v);
    }

    public void Matrix(double[][]? rows)
    {
        if (rows is null) { Int(-1); return; }
        Int(rows.Length);
        foreach (var r in rows) Doubles(r);
    }

    public void Rng(RngState s)
    {
        ULong(s.S0); ULong(s.S1); ULong(s.S2); ULong(s.S3);
        Double(s.SpareGaussian);
        Bool(s.HasSpare);
    }

    /// <summary>The framed file: magic, version, payload length, payload, hash.</summary>
    public byte[] ToBytes(string magic, int version)
    {
        _w.Flush();
        var payload = _payload.ToArray();
        using var file = new MemoryStream(payload.Length + 32);
        using (var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Encoding.ASCII.GetBytes(magic));
            w.Write(version);
            w.Write((long)payload.Length);
            w.Write(payload);
            w.Write(Fnv1a(payload));
        }
        return file.ToArray();
    }

    /// <summary>FNV-1a, 64 bits.</summary>
    public static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (var b in bytes)
        {
            h ^= b;
            h *= 0x100000001b3UL;
        }
        return h;
    }
}
