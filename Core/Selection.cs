namespace Probabilistic;

/// <summary>
/// A set of addresses, used to say which choices an MCMC kernel resamples (<c>Regenerate</c>) or
/// which a Gibbs step updates: exact addresses, prefixes (an address and everything under it),
/// and their unions and complements.
/// </summary>
public abstract class Selection
{
    /// <summary>True when the selection contains <paramref name="address"/>.</summary>
    public abstract bool Contains(Address address);

    /// <summary>The addresses named one by one (by <see cref="Of(Address[])"/>, alone or in a union); empty for prefixes and complements.</summary>
    internal virtual IEnumerable<Address> NamedAddresses => [];

    /// <summary>True when the selection is exactly <see cref="NamedAddresses"/> (<see cref="Of(Address[])"/> or a union of those): a compiled trace then looks its addresses up by slot.</summary>
    internal virtual bool IsNamedOnly => false;

    /// <summary>The selection this one complements (<c>!inner</c>), or null.</summary>
    internal virtual Selection? ComplementOf => null;

    /// <summary>Every address.</summary>
    public static readonly Selection All = new Everything();

    /// <summary>No address.</summary>
    public static readonly Selection None = !All;

    /// <summary>Exactly the given addresses.</summary>
    public static Selection Of(params Address[] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return new Exact(new HashSet<Address>(addresses));
    }

    /// <summary>Exactly the given addresses.</summary>
    public static Selection Of(IEnumerable<Address> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return new Exact(new HashSet<Address>(addresses));
    }

    /// <summary>The address <paramref name="prefix"/> and every address under it.</summary>
    public static Selection Prefix(Address prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new Below(prefix);
    }

    /// <summary>Addresses in either selection.</summary>
    public static Selection operator |(Selection a, Selection b) => new Either(a, b);

    /// <summary>Addresses in both selections.</summary>
    public static Selection operator &(Selection a, Selection b) => !(!a | !b);

    /// <summary>Addresses not in the selection.</summary>
    public static Selection operator !(Selection a) => a is Not n ? n.Inner : new Not(a);

    /// <summary>Addresses in either selection.</summary>
    public Selection Union(Selection other) => this | other;

    /// <summary>Addresses not in this selection.</summary>
    public Selection Complement() => !this;

    private sealed class Everything : Selection
    {
        public override bool Contains(Address address) => true;
        public override string ToString() => "all";
    }

    private sealed class Exact(HashSet<Address> set) : Selection
    {
        public override bool Contains(Address address) => set.Contains(address);
        internal override IEnumerable<Address> NamedAddresses => set;
        internal override bool IsNamedOnly => true;
        public override string ToString() => "{" + string.Join(", ", set) + "}";
    }

    private sealed class Below(Address prefix) : Selection
    {
        public override bool Contains(Address address) => address.StartsWith(prefix);
        public override string ToString() => prefix + "/*";
    }

    private sealed class Either(Selection a, Selection b) : Selection
    {
        public override bool Contains(Address address) => a.Contains(address) || b.Contains(address);
        internal override IEnumerable<Address> NamedAddresses => a.NamedAddresses.Concat(b.NamedAddresses);
        internal override bool IsNamedOnly => a.IsNamedOnly && b.IsNamedOnly;
        public override string ToString() => $"({a} | {b})";
    }

    private sealed class Not(Selection inner) : Selection
    {
        public Selection Inner => inner;
        internal override Selection? ComplementOf => inner;
        public override bool Contains(Address address) => !inner.Contains(address);
        public override string ToString() => $"!{inner}";
    }
}
