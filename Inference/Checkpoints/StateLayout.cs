using System.Reflection;
using System.Text;

namespace Probabilistic.Inference;

/// <summary>
/// Writes and reads a compiled particle's state struct field by field (declaration order, nested structs recursively):
/// the generated states hold numbers, flags, the program counter and <see cref="Real"/> constants — plain data, though
/// <see cref="Real"/>'s tape field makes the struct formally hold a reference, so its bytes cannot be copied as they are.
/// <see cref="Description"/> (the fields' names and types) identifies the layout: a checkpoint of another program's
/// states is refused by comparing it.
/// </summary>
internal static class StateLayout<TState> where TState : struct
{
    private static readonly FieldInfo[] Fields = FieldsOf(typeof(TState));

    /// <summary>The state type's fields, "name:type" recursively, e.g. <c>Pc:Int32;x:Real</c>.</summary>
    public static string Description => s_description ??= Describe(typeof(TState));

    private static string? s_description;

    public static void Write(CheckpointWriter w, in TState state) => WriteStruct(w, state, typeof(TState));

    public static TState Read(CheckpointReader r) => (TState)ReadStruct(r, typeof(TState));

    private static FieldInfo[] FieldsOf(Type t) =>
        [.. t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => f.MetadataToken)];

    private static string Describe(Type t)
    {
        var sb = new StringBuilder();
        foreach (var f in FieldsOf(t))
        {
            sb.Append(f.Name).Append(':');
            if (IsLeaf(f.FieldType)) sb.Append(f.FieldType.Name);
            else if (f.FieldType.IsValueType) sb.Append('{').Append(Describe(f.FieldType)).Append('}');
            else throw new NotSupportedException($"SmcCheckpoint: the compiled particle state {typeof(TState).Name} has a field {f.Name} of type {f.FieldType.Name}, which a checkpoint cannot store (numbers, bools, Real constants, arrays of double, int or bool and structs of them).");
            sb.Append(';');
        }
        return sb.ToString();
    }

    private static bool IsLeaf(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(Real) || t == typeof(double[]) || t == typeof(int[]) || t == typeof(bool[]);

    private static void WriteStruct(CheckpointWriter w, object boxed, Type t)
    {
        foreach (var f in t == typeof(TState) ? Fields : FieldsOf(t))
        {
            var v = f.GetValue(boxed)!;
            var ft = f.FieldType;
            if (ft.IsEnum) w.Long(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
            else if (ft == typeof(double)) w.Double((double)v);
            else if (ft == typeof(float)) w.Double((float)v);
            else if (ft == typeof(Real))
            {
                var real = (Real)v;
                if (real.Tape is not null) throw new NotSupportedException($"SmcCheckpoint: field {f.Name} of the compiled particle state {typeof(TState).Name} holds a Real recorded on a tape; only constants can be checkpointed.");
                w.Double(real.Value);
            }
            else if (ft == typeof(bool)) w.Bool((bool)v);
            else if (ft == typeof(ulong)) w.ULong((ulong)v);
            else if (ft.IsPrimitive) w.Long(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
            else if (ft == typeof(double[])) w.Doubles((double[]?)v);
            else if (ft == typeof(int[]) || ft == typeof(bool[]))
            {
                var a = (Array?)v;
                w.Int(a?.Length ?? -1);
                if (a is int[] ints) foreach (var x in ints) w.Int(x);
                else if (a is bool[] bools) foreach (var x in bools) w.Bool(x);
            }
            else WriteStruct(w, v, ft);
        }
    }

    private static object ReadStruct(CheckpointReader r, Type t)
    {
        object boxed = Activator.CreateInstance(t)!;
        foreach (var f in t == typeof(TState) ? Fields : FieldsOf(t))
        {
            var ft = f.FieldType;
            object v;
            if (ft.IsEnum) v = Enum.ToObject(ft, r.Long());
            else if (ft == typeof(double)) v = r.Double();
            else if (ft == typeof(float)) v = (float)r.Double();
            else if (ft == typeof(Real)) v = new Real(r.Double());
            else if (ft == typeof(bool)) v = r.Bool();
            else if (ft == typeof(ulong)) v = r.ULong();
            else if (ft.IsPrimitive) v = Convert.ChangeType(r.Long(), ft, System.Globalization.CultureInfo.InvariantCulture);
            else if (ft == typeof(double[])) v = r.Doubles(f.Name)!;
            else if (ft == typeof(int[]))
            {
                int n = r.Count(r.Remaining / sizeof(int), f.Name);
                int[]? a = n < 0 ? null : new int[n];
                for (int i = 0; i < n; i++) a![i] = r.Int();
                v = a!;
            }
            else if (ft == typeof(bool[]))
            {
                int n = r.Count(r.Remaining, f.Name);
                bool[]? a = n < 0 ? null : new bool[n];
                for (int i = 0; i < n; i++) a![i] = r.Bool();
                v = a!;
            }
            else v = ReadStruct(r, ft);
            f.SetValue(boxed, v);
        }
        return boxed;
    }
}
