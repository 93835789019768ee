using System.Text;

namespace Probabilistic.Distributed.OuterLoops;

/// <summary>
/// The bytes a parameter map θ or a model's return value travels in between a grain and its caller (an Orleans message
/// carries <c>byte[]</c>; a <see cref="ChoiceMap"/> holds boxed values of the model's choice types, which Orleans does not
/// know). Supported: <see cref="Unit"/>, bool, int, long, double, <see cref="Real"/> (its value, as a constant), string and
/// one-dimensional arrays of bool, int, double and <see cref="Real"/>, and null; any other type is a
/// <see cref="NotSupportedException"/> naming it and, for a choice, its address.
/// </summary>
internal static class ValueCodec
{
    private enum Tag : byte { Null, Unit, Bool, Int, Long, Double, Real, String, Doubles, Ints, Bools, Reals }

    /// <summary>The bytes of <paramref name="map"/>: each address by its components, then its value.</summary>
    public static byte[] Encode(ChoiceMap map)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(map.Count);
        foreach (var (address, value) in map)
        {
            WriteAddress(writer, address);
            Write(writer, value, address);
        }
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>The map <see cref="Encode(ChoiceMap)"/> wrote.</summary>
    public static ChoiceMap DecodeMap(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var choices = new (Address, object)[reader.ReadInt32()];
        for (int i = 0; i < choices.Length; i++) choices[i] = (ReadAddress(reader), Read(reader)!);
        return ChoiceMap.Of(choices);
    }

    /// <summary>The bytes of a list of addresses (a parameter selection).</summary>
    public static byte[] Encode(IReadOnlyList<Address> addresses)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(addresses.Count);
        foreach (var a in addresses) WriteAddress(writer, a);
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>The addresses <see cref="Encode(IReadOnlyList{Address})"/> wrote.</summary>
    public static Address[] DecodeAddresses(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var addresses = new Address[reader.ReadInt32()];
        for (int i = 0; i < addresses.Length; i++) addresses[i] = ReadAddress(reader);
        return addresses;
    }

    private static void WriteAddress(BinaryWriter writer, Address address)
    {
        var components = address.Components();
        writer.Write(components.Count);
        foreach (var c in components)
            if (c is string name) { writer.Write((byte)0); writer.Write(name); }
            else { writer.Write((byte)1); writer.Write((int)c); }
    }

    private static Address ReadAddress(BinaryReader reader)
    {
        var address = Address.Root;
        for (int k = reader.ReadInt32(); k > 0; k--)
            address = reader.ReadByte() == 0 ? address.Child(reader.ReadString()) : address.Child(reader.ReadInt32());
        return address;
    }

    /// <summary>The bytes of one return value.</summary>
    public static byte[] Encode(object? value)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        Write(writer, value, null);
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>The value <see cref="Encode(object?)"/> wrote, as <typeparamref name="T"/>.</summary>
    public static T Decode<T>(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        return (T)Read(reader)!;
    }

    private static void Write(BinaryWriter w, object? value, Address? address)
    {
        switch (value)
        {
            case null: w.Write((byte)Tag.Null); break;
            case Unit: w.Write((byte)Tag.Unit); break;
            case bool b: w.Write((byte)Tag.Bool); w.Write(b); break;
            case int i: w.Write((byte)Tag.Int); w.Write(i); break;
            case long l: w.Write((byte)Tag.Long); w.Write(l); break;
            case double d: w.Write((byte)Tag.Double); w.Write(d); break;
            case Real r: w.Write((byte)Tag.Real); w.Write(r.Value); break;
            case string s: w.Write((byte)Tag.String); w.Write(s); break;
            case double[] ds: w.Write((byte)Tag.Doubles); w.Write(ds.Length); foreach (var d in ds) w.Write(d); break;
            case int[] xs: w.Write((byte)Tag.Ints); w.Write(xs.Length); foreach (var x in xs) w.Write(x); break;
            case bool[] bs: w.Write((byte)Tag.Bools); w.Write(bs.Length); foreach (var b in bs) w.Write(b); break;
            case Real[] rs: w.Write((byte)Tag.Reals); w.Write(rs.Length); foreach (var r in rs) w.Write(r.Value); break;
            default:
                throw new NotSupportedException(
                    $"A value of type {value.GetType().FullName}{(address is null ? " (a model's return value)" : $" at address '{address}'")} cannot travel between silos: " +
                    "the outer loops on a cluster carry Unit, bool, int, long, double, Real, string and arrays of bool, int, double and Real.");
        }
    }

    private static object? Read(BinaryReader r) => (Tag)r.ReadByte() switch
    {
        Tag.Null => null,
        Tag.Unit => Unit.Value,
        Tag.Bool => r.ReadBoolean(),
        Tag.Int => r.ReadInt32(),
        Tag.Long => r.ReadInt64(),
        Tag.Double => r.ReadDouble(),
        Tag.Real => new Real(r.ReadDouble()),
        Tag.String => r.ReadString(),
        Tag.Doubles => Array(r, r.ReadDouble),
        Tag.Ints => Array(r, r.ReadInt32),
        Tag.Bools => Array(r, r.ReadBoolean),
        Tag.Reals => Array(r, () => new Real(r.ReadDouble())),
        var tag => throw new InvalidDataException($"ValueCodec: unknown tag {(byte)tag}."),
    };

    private static TItem[] Array<TItem>(BinaryReader r, Func<TItem> read)
    {
        var items = new TItem[r.ReadInt32()];
        for (int i = 0; i < items.Length; i++) items[i] = read();
        return items;
    }
}
