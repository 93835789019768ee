using System.Buffers.Binary;
using System.Text;

namespace Probabilistic.Inference;

/// <summary>
/// Reads what <see cref="CheckpointWriter"/> wrote: checks the magic string, the version and the payload's hash first,
/// then reads fields; a wrong magic, an unknown version, a bad hash or a truncated payload is an
/// <see cref="InvalidDataException"/> that says which and where.
/// </summary>
internal sealed class CheckpointReader
{
    private readonly BinaryReader _r;
    private readonly string _what;

    private CheckpointReader(byte[] payload, string what)
    {
        _r = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        _what = what;
    }

    /// <summary>Opens the framed bytes; <paramref name="what"/> (the type being read) starts every error message.</summary>
    public static (CheckpointReader Reader, int Version) Open(ReadOnlySpan<byte> bytes, string magic, int maxVersion, string what)
    {
        int head = magic.Length + sizeof(int) + sizeof(long);
        if (bytes.Length < head + sizeof(ulong))
            throw new InvalidDataException($"{what}: the data is {bytes.Length} bytes long, too short for a checkpoint (at least {head + sizeof(ulong)}).");
        if (Encoding.ASCII.GetString(bytes[..magic.Length]) != magic)
            throw new InvalidDataException($"{what}: the data does not start with '{magic}'; it is not a {what} (or was written by something else).");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(magic.Length, sizeof(int))); // the writer is little-endian (BinaryWriter)
        if (version < 1 || version > maxVersion)
            throw new InvalidDataException($"{what}: format version {version}; this library reads versions 1 to {maxVersion}.");
        long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(magic.Length + sizeof(int), sizeof(long)));
        if (length < 0 || length != bytes.Length - head - sizeof(ulong))
            throw new InvalidDataException($"{what}: the header gives a payload of {length} bytes but {bytes.Length - head - sizeof(ulong)} follow it; the data is truncated or corrupt.");
        var payload = bytes.Slice(head, (int)length);
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(head + (int)length)..]);
        ulong actual = CheckpointWriter.Fnv1a(payload);
        if (stored != actual)
            throw new InvalidDataException($"{what}: the payload's hash is {actual:x16} but {stored:x16} was stored; the data is corrupt.");
        return (new CheckpointReader(payload.ToArray(), what), version);
    }

    public int Int() => Guard(() => _r.ReadInt32());
    public long Long() => Guard(() => _r.ReadInt64());
    public ulong ULong() => Guard(() => _r.ReadUInt64());
    public double Double() => BitConverter.Int64BitsToDouble(Long());
    public bool Bool() => Guard(() => _r.ReadBoolean());
    public string String() => Guard(() => _r.ReadString());

    /// <summary>A count read where at most <paramref name="max"/> is possible, or −1 for null.</summary>
    public int Count(long max, string field)
    {
        int n = Int();
        if (n < -1 || n > max) throw new InvalidDataException($"{_what}: {field} has length {n}, impossible here (at most {max}); the data is corrupt.");
        return n;
    }

    public byte[] Bytes(string field)
    {
        int n = Count(Remaining, field);
        if (n < 0) throw new InvalidDataException($"{_what}: {field} is null; the data is corrupt.");
        return _r.ReadBytes(n);
    }

    public double[]? Doubles(string field)
    {
        int n = Count(Remaining / sizeof(long), field);
        if (n < 0) return null;
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Double();
        return v;
    }

    public double[][]? Matrix(string field)
    {
        int n = Count(Remaining / sizeof(int), field);
        if (n < 0) return null;
        var rows = new double[n][];
        for (int i = 0; i < n; i++) rows[i] = Doubles(field) ?? throw new InvalidDataException($"{_what}: {field} has a null row {i}; the data is corrupt.");
        return rows;
    }

    public RngState Rng() => new(ULong(), ULong(), ULong(), ULong(), Double(), Bool());

    /// <summary>Bytes not read yet.</summary>
    public long Remaining => _r.BaseStream.Length - _r.BaseStream.Position;

    /// <summary>Throws unless every byte was read.</summary>
    public void End()
    {
        if (Remaining != 0) throw new InvalidDataException($"{_what}: {Remaining} bytes are left after the last field; the data is corrupt or from another format.");
    }

    private T Guard<T>(Func<T> read)
    {
        try { return read(); }
        catch (EndOfStreamException) { throw new InvalidDataException($"{_what}: the payload ends inside a field at byte {_r.BaseStream.Position}; the data is corrupt."); }
    }
}
