using System.Collections;
using System.Text;

namespace Probabilistic;

/// <summary>
/// An immutable map from addresses to values of random choices: the constraints given to
/// <c>Generate</c> and <c>Update</c>, the choices of a trace, the argument of <c>Assess</c>.
/// Enumerates in insertion order. Equality is structural (same addresses, equal values).
/// </summary>
public sealed class ChoiceMap : IEnumerable<KeyValuePair<Address, object>>, IEquatable<ChoiceMap>
{
    private readonly Dictionary<Address, object> _values;

    /// <summary>The map with no choices.</summary>
    public static readonly ChoiceMap Empty = new(new Dictionary<Address, object>());

    private ChoiceMap(Dictionary<Address, object> values) => _values = values;

    /// <summary>A map holding the given choices; an address given twice is an error.</summary>
    public static ChoiceMap Of(params (Address Address, object Value)[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var d = new Dictionary<Address, object>(choices.Length);
        foreach (var (a, v) in choices)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(v);
            if (!d.TryAdd(a, v)) throw new ArgumentException($"ChoiceMap: address '{a}' is given twice.", nameof(choices));
        }
        return new ChoiceMap(d);
    }

    /// <summary>Takes ownership of a dictionary built by the library (not copied).</summary>
    internal static ChoiceMap Wrap(Dictionary<Address, object> values) => new(values);

    /// <summary>Number of choices.</summary>
    public int Count => _values.Count;

    /// <summary>The addresses, in insertion order.</summary>
    public IEnumerable<Address> Addresses => _values.Keys;

    /// <summary>True when the map has a value at <paramref name="address"/>.</summary>
    public bool Contains(Address address) => _values.ContainsKey(address);

    /// <summary>The value at <paramref name="address"/>, if any.</summary>
    public bool TryGetValue(Address address, out object value) => _values.TryGetValue(address, out value!);

    /// <summary>The value at <paramref name="address"/>; a missing address or another type is an error naming it.</summary>
    public T Get<T>(Address address)
    {
        if (!_values.TryGetValue(address, out var v))
            throw new KeyNotFoundException($"ChoiceMap: no choice at address '{address}'.");
        return v is T t ? t : throw new InvalidCastException($"ChoiceMap: the choice at '{address}' is a {v.GetType().Name}, not a {typeof(T).Name}.");
    }

    /// <summary>The value at <paramref name="address"/>.</summary>
    public object this[Address address] => Get<object>(address);

    /// <summary>A new map with <paramref name="address"/> set to <paramref name="value"/> (added or replaced).</summary>
    public ChoiceMap With(Address address, object value)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(value);
        var d = new Dictionary<Address, object>(_values) { [address] = value };
        return new ChoiceMap(d);
    }

    /// <summary>The choices of this map overridden by those of <paramref name="other"/>.</summary>
    public ChoiceMap Merge(ChoiceMap other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var d = new Dictionary<Address, object>(_values);
        foreach (var (a, v) in other._values) d[a] = v;
        return new ChoiceMap(d);
    }

    /// <summary>The choices under <paramref name="prefix"/>, with the prefix removed from their addresses.</summary>
    public ChoiceMap Submap(Address prefix)
    {
        var d = new Dictionary<Address, object>();
        foreach (var (a, v) in _values)
            if (a.Depth > prefix.Depth && a.StartsWith(prefix)) d[Strip(a, prefix.Depth)] = v;
        return new ChoiceMap(d);
    }

    /// <summary>Only the choices whose address <paramref name="selection"/> contains.</summary>
    public ChoiceMap Filter(Selection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var d = new Dictionary<Address, object>();
        foreach (var (a, v) in _values)
            if (selection.Contains(a)) d[a] = v;
        return new ChoiceMap(d);
    }

    private static Address Strip(Address a, int depth)
    {
        var parts = a.Components();
        var r = Address.Root;
        for (int i = depth; i < parts.Count; i++) r = parts[i] is string s ? r.Child(s) : r.Child((int)parts[i]);
        return r;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<Address, object>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ChoiceMap? other)
    {
        if (other is null || other.Count != Count) return false;
        foreach (var (a, v) in _values)
            if (!other._values.TryGetValue(a, out var w) || !Equals(v, w)) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ChoiceMap);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        int h = Count;
        foreach (var (a, v) in _values) h ^= HashCode.Combine(a, v);
        return h;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        foreach (var (a, v) in _values) sb.Append(sb.Length > 1 ? ", " : " ").Append(a).Append(" = ").Append(v);
        return sb.Append(sb.Length > 1 ? " }" : "}").ToString();
    }
}
