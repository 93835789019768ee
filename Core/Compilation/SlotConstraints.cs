using System.Globalization;

namespace Probabilistic.Compilation;

/// <summary>
/// A choice map given to a compiled model's Generate or Assess, keyed by slot: each address is located once (the generated
/// <see cref="CompiledGenerativeFunction{T}.Locate"/>: which slot, which plate element or fold step), so the run looks up a
/// slot and an index instead of building addresses. Counts what the run visits, to name the addresses it never visits
/// as the interpreter names them.
/// </summary>
public sealed class SlotConstraints
{
    private readonly Address[] _addresses;
    private readonly object[] _values;
    private readonly bool[] _visited;
    private readonly Dictionary<long, int>?[] _bySlot;
    private int _visitedCount;

    internal SlotConstraints(ChoiceMap map, int slots, LocateSlot locate)
    {
        _addresses = new Address[map.Count];
        _values = new object[map.Count];
        _visited = new bool[map.Count];
        _bySlot = new Dictionary<long, int>?[slots];
        int e = 0;
        foreach (var (address, value) in map)
        {
            _addresses[e] = address;
            _values[e] = value;
            if (locate(address, out int slot, out long key)) (_bySlot[slot] ??= [])[key] = e;
            e++;
        }
    }

    /// <summary>Finds the slot and key (0 for a scalar, the element or step index, or step·2³² + element) of an address.</summary>
    internal delegate bool LocateSlot(Address address, out int slot, out long key);

    /// <summary>The value given for <paramref name="slot"/> at <paramref name="key"/>, if any (and counts it visited).</summary>
    public bool TryGet(int slot, long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
    {
        var d = _bySlot[slot];
        if (d is null || !d.TryGetValue(key, out int e))
        {
            value = null;
            return false;
        }
        if (!_visited[e])
        {
            _visited[e] = true;
            _visitedCount++;
        }
        value = _values[e];
        return true;
    }

    /// <summary>The interpreter's error for given addresses the model never visits (<c>Model&lt;T&gt;.Unvisited</c>'s message).</summary>
    internal void ThrowIfUnvisited(string operation)
    {
        if (_visitedCount == _addresses.Length) return;
        var missing = _addresses.Where((_, e) => !_visited[e]).ToList();
        var shown = string.Join(", ", missing.Take(5).Select(a => $"'{a}'"));
        throw new ModelException(
            $"{operation}: the choice map names {(missing.Count == 1 ? "address" : "addresses")} {shown}{(missing.Count > 5 ? ", …" : "")}, which the model never visits.",
            missing.FirstOrDefault());
    }

    /// <summary>The interpreter's error for a given value of the wrong type (<c>SampleNode.Score</c>'s message).</summary>
    public static ModelException WrongType(Address address, object? value, Type expected, string distribution) =>
        new($"The value given for address '{address}' is a {value?.GetType().Name ?? "null"}, but the choice there is a {expected.Name} from {distribution}.", address);

    /// <summary>The interpreter's error when Assess meets a choice the map does not give (<c>Model&lt;T&gt;.Assess</c>'s refusal).</summary>
    public static ModelException Refused(Address address) =>
        new(string.Format(CultureInfo.InvariantCulture, "Assess: the choice map has no value for address '{0}', which the model visits (Assess needs every choice).", address), address);
}
