using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// Flattens a model's return value into numeric columns the way Stan flattens generated quantities: a record, class,
/// anonymous type or tuple gives one group per public property or field (named by it); an array or list gives 1-based
/// elements (<c>theta[1]</c>, <c>a[1,2]</c> for nested arrays); a scalar (<see cref="Real"/>, a number, <c>bool</c> as 0/1,
/// an enum as its number) is one column. A value that is not such a record (a bare number or array) is named
/// <c>return</c>. Strings, <see cref="Unit"/>, nulls and members of other types are not kept.
/// </summary>
internal static class ReturnValueColumns
{
    /// <summary>The name of a return value that is not a record: <c>return</c>, <c>return[1]</c>, ….</summary>
    public const string ReturnName = "return";

    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, (string Name, Func<object, object?> Get)[]> Members = new();

    /// <summary>The leaves of <paramref name="value"/>: each leaf's full address (indices as int components) and value.</summary>
    public static List<(Address Path, double Value)> Flatten(object? value)
    {
        var leaves = new List<(Address, double)>();
        if (value is null) return leaves;
        if (IsRecord(value.GetType())) FlattenRecord(value, Address.Root, leaves, 0);
        else Flatten(value, Address.Root.Child(ReturnName), leaves, 0);
        return leaves;
    }

    /// <summary>The posterior column of a leaf: the element's parent address and index when its path ends in an index.</summary>
    public static PosteriorColumn Column(Address path) =>
        path.Name is null && path.Parent is not null && !path.Parent.IsRoot
            ? new PosteriorColumn(ParameterBlock.StanName(path), path.Parent, path.Index) { IsGenerated = true }
            : new PosteriorColumn(ParameterBlock.StanName(path), path, -1) { IsGenerated = true };

    private static void Flatten(object? value, Address path, List<(Address, double)> leaves, int depth)
    {
        if (value is null || depth > MaxDepth) return;
        switch (value)
        {
            case Real r: leaves.Add((path, r.Value)); return;
            case double d: leaves.Add((path, d)); return;
            case float f: leaves.Add((path, f)); return;
            case int i: leaves.Add((path, i)); return;
            case long l: leaves.Add((path, l)); return;
            case short s: leaves.Add((path, s)); return;
            case byte b: leaves.Add((path, b)); return;
            case bool flag: leaves.Add((path, flag ? 1 : 0)); return;
            case Enum e: leaves.Add((path, Convert.ToDouble(e, System.Globalization.CultureInfo.InvariantCulture))); return;
            case string or Unit or Address: return;
            case IEnumerable items:
                int k = 0;
                foreach (var item in items) Flatten(item, path.Child(k++), leaves, depth + 1);
                return;
        }
        if (IsRecord(value.GetType())) FlattenRecord(value, path, leaves, depth);
    }

    private static void FlattenRecord(object value, Address path, List<(Address, double)> leaves, int depth)
    {
        foreach (var (name, get) in MembersOf(value.GetType())) Flatten(get(value), path.Child(name), leaves, depth + 1);
    }

    private static bool IsRecord(Type type) =>
        !type.IsPrimitive && !type.IsEnum && type != typeof(Real) && type != typeof(string) && type != typeof(Unit)
        && !typeof(IEnumerable).IsAssignableFrom(type) && MembersOf(type).Length > 0;

    private static (string Name, Func<object, object?> Get)[] MembersOf(Type type) => Members.GetOrAdd(type, t =>
    {
        if (typeof(ITuple).IsAssignableFrom(t))
        {
            var fields = t.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => f.Name.StartsWith("Item", StringComparison.Ordinal));
            return fields.Select(f => (f.Name, (Func<object, object?>)f.GetValue)).ToArray();
        }
        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => (p.Name, (Func<object, object?>)p.GetValue));
        var publicFields = t.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => (f.Name, (Func<object, object?>)f.GetValue));
        return properties.Concat(publicFields).ToArray();
    });
}
