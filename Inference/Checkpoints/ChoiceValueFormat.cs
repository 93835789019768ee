namespace Probabilistic.Inference;

/// <summary>
/// How <see cref="SmcCheckpoint"/> writes a recorded choice's value: a tag byte and the value (doubles as their bits).
/// The value types of the library's distributions are covered (double, <see cref="Real"/>, int, long, bool, and arrays of
/// double, int and bool); a choice of another type cannot be checkpointed and says so, naming its address.
/// </summary>
internal static class ChoiceValueFormat
{
    private const int Double = 1, Real = 2, Int = 3, Long = 4, Bool = 5, Doubles = 6, Ints = 7, Bools = 8;

    public static void Write(CheckpointWriter w, object value, string address)
    {
        switch (value)
        {
            case double d: w.Int(Double); w.Double(d); break;
            case Probabilistic.Real r:
                if (r.Tape is not null) throw new NotSupportedException($"SmcCheckpoint: the choice at '{address}' is a Real recorded on a tape; only constants can be checkpointed.");
                w.Int(Real); w.Double(r.Value); break;
            case int i: w.Int(Int); w.Int(i); break;
            case long l: w.Int(Long); w.Long(l); break;
            case bool b: w.Int(Bool); w.Bool(b); break;
            case double[] ds: w.Int(Doubles); w.Doubles(ds); break;
            case int[] iss: w.Int(Ints); w.Int(iss.Length); foreach (var v in iss) w.Int(v); break;
            case bool[] bs: w.Int(Bools); w.Int(bs.Length); foreach (var v in bs) w.Bool(v); break;
            default:
                throw new NotSupportedException($"SmcCheckpoint: the choice at '{address}' is a {value?.GetType().Name ?? "null"}; a checkpoint stores choices of type double, Real, int, long, bool and arrays of double, int and bool.");
        }
    }

    public static object Read(CheckpointReader r, int node)
    {
        int tag = r.Int();
        switch (tag)
        {
            case Double: return r.Double();
            case Real: return new Probabilistic.Real(r.Double());
            case Int: return r.Int();
            case Long: return r.Long();
            case Bool: return r.Bool();
            case Doubles: return r.Doubles($"choice {node}") ?? throw Corrupt(node);
            case Ints:
            {
                var v = new int[r.Count(r.Remaining / sizeof(int), $"choice {node}")];
                for (int i = 0; i < v.Length; i++) v[i] = r.Int();
                return v;
            }
            case Bools:
            {
                var v = new bool[r.Count(r.Remaining, $"choice {node}")];
                for (int i = 0; i < v.Length; i++) v[i] = r.Bool();
                return v;
            }
            default: throw new InvalidDataException($"SmcCheckpoint: choice {node} has value tag {tag}, which this version does not write; the data is corrupt or from another format.");
        }
    }

    private static InvalidDataException Corrupt(int node) => new($"SmcCheckpoint: choice {node} is a null array; the data is corrupt.");
}
