using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Probabilistic;

/// <summary>
/// A hierarchical, structural address of a random choice: a path of components, each a name or an
/// integer index, printed as <c>theta/3</c>. Equality and hashing are structural; the hash is
/// computed once at construction. <see cref="Root"/> is the empty path.
/// </summary>
public sealed class Address : IEquatable<Address>, IComparable<Address>
{
    private readonly int _hash;

    /// <summary>The empty address, the prefix of every other.</summary>
    public static readonly Address Root = new();

    /// <summary>The address this one extends (null for <see cref="Root"/>).</summary>
    public Address? Parent { get; }

    /// <summary>The last component's name, or null when it is an index.</summary>
    public string? Name { get; }

    /// <summary>The last component's index (meaningful when <see cref="Name"/> is null).</summary>
    public int Index { get; }

    /// <summary>Number of components (0 for <see cref="Root"/>).</summary>
    public int Depth { get; }

    private Address() { }

    private Address(Address parent, string? name, int index)
    {
        Parent = parent;
        Name = name;
        Index = index;
        Depth = parent.Depth + 1;
        _hash = HashCode.Combine(parent._hash, name is null ? index * 31 + 17 : name.GetHashCode());
    }

    /// <summary>True for the empty address.</summary>
    public bool IsRoot => Parent is null;

    /// <summary>This address extended by a named component.</summary>
    public Address Child(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("Address: a component name must be non-empty.", nameof(name));
        if (name.Contains('/')) return this / Parse(name);
        return new Address(this, name, 0);
    }

    /// <summary>This address extended by an index component.</summary>
    public Address Child(int index) => new(this, null, index);

    /// <summary>An address from its components: strings are names, integers are indices.</summary>
    public static Address Of(params object[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var a = Root;
        foreach (var c in components)
        {
            a = c switch
            {
                string s => a.Child(s),
                int i => a.Child(i),
                Address p => a / p,
                _ => throw new ArgumentException($"Address.Of: a component must be a string, an int or an Address, not {c?.GetType().Name ?? "null"}.", nameof(components)),
            };
        }
        return a;
    }

    /// <summary>Parses <c>a/b/3</c>: components split on '/', all-digit components are indices.</summary>
    public static Address Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var a = Root;
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0) throw new ArgumentException($"Address.Parse: empty component in \"{path}\".", nameof(path));
            a = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? a.Child(i) : new Address(a, part, 0);
        }
        return a;
    }

    /// <summary>
    /// Parses a string as an address (see <see cref="Parse"/>). Single-name addresses made from the same
    /// string object (a literal in a model, converted on every run) come from a small identity cache,
    /// so a model's <c>Sample("x", …)</c> does not allocate an address per step.
    /// </summary>
    public static implicit operator Address(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int slot = RuntimeHelpers.GetHashCode(path) & (NameCache.Length - 1);
        var hit = NameCache[slot];
        if (hit is not null && ReferenceEquals(hit.Key, path)) return hit.Address;
        var a = path.Contains('/') || IsDigits(path) ? Parse(path) : Root.Child(path);
        NameCache[slot] = new CachedName(path, a);
        return a;
    }

    private sealed record CachedName(string Key, Address Address);

    // Entries are immutable records written by one reference store, so concurrent readers see a whole entry or none.
    private static readonly CachedName?[] NameCache = new CachedName?[1024];

    private static bool IsDigits(string s)
    {
        foreach (char c in s)
            if (c < '0' || c > '9') return false;
        return s.Length > 0;
    }

    /// <summary>Extends an address by a name.</summary>
    public static Address operator /(Address a, string name) => a.Child(name);

    /// <summary>Extends an address by an index.</summary>
    public static Address operator /(Address a, int index) => a.Child(index);

    /// <summary>Concatenates two addresses.</summary>
    public static Address operator /(Address prefix, Address suffix)
    {
        if (suffix.IsRoot) return prefix;
        if (prefix.IsRoot) return suffix;
        if (suffix.Depth == 1) return new Address(prefix, suffix.Name, suffix.Index);
        var parent = prefix / suffix.Parent!;
        return new Address(parent, suffix.Name, suffix.Index);
    }

    /// <summary>True when <paramref name="prefix"/> is this address or one of its ancestors.</summary>
    public bool StartsWith(Address prefix)
    {
        var a = this;
        while (a.Depth > prefix.Depth) a = a.Parent!;
        return a.Equals(prefix);
    }

    /// <summary>The components from first to last (strings and boxed ints).</summary>
    public IReadOnlyList<object> Components()
    {
        var parts = new object[Depth];
        var a = this;
        for (int i = Depth - 1; i >= 0; i--, a = a.Parent!) parts[i] = a.Name ?? (object)a.Index;
        return parts;
    }

    /// <inheritdoc />
    public bool Equals(Address? other)
    {
        var a = this;
        var b = other;
        while (true)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a is null || b is null || a._hash != b._hash || a.Depth != b.Depth) return false;
            if (a.Name != b.Name || (a.Name is null && a.Index != b.Index)) return false;
            a = a.Parent;
            b = b.Parent;
        }
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Address);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Structural equality.</summary>
    public static bool operator ==(Address? a, Address? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(Address? a, Address? b) => !(a == b);

    /// <summary>Orders component by component; indices numerically, before names.</summary>
    public int CompareTo(Address? other)
    {
        if (other is null) return 1;
        var x = Components();
        var y = other.Components();
        for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            int c = (x[i], y[i]) switch
            {
                (int p, int q) => p.CompareTo(q),
                (int, string) => -1,
                (string, int) => 1,
                (string p, string q) => string.CompareOrdinal(p, q),
                _ => 0,
            };
            if (c != 0) return c;
        }
        return x.Count.CompareTo(y.Count);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (IsRoot) return "";
        var sb = new StringBuilder();
        Append(sb, this);
        return sb.ToString();

        static void Append(StringBuilder sb, Address a)
        {
            if (!a.Parent!.IsRoot)
            {
                Append(sb, a.Parent);
                sb.Append('/');
            }
            if (a.Name is not null) sb.Append(a.Name);
            else sb.Append(a.Index.ToString(CultureInfo.InvariantCulture));
        }
    }
}
