namespace Probabilistic.Inference.Variational;

public sealed partial class ParameterStore
{
    /// <summary>
    /// The layout of the unconstrained vector, parameter by parameter in order: the address (as text), the constraint's
    /// name and the number of unconstrained coordinates. Two stores with the same layout interpret one vector the same way.
    /// </summary>
    internal (string Address, string Constraint, int Length)[] Layout() =>
        _entries.Select(e => (e.Address.ToString(), e.Support.Name, e.Length)).ToArray();

    /// <summary>A copy: the same parameters in the same order with the same values, independent of this store afterwards.</summary>
    internal ParameterStore Snapshot()
    {
        var copy = new ParameterStore();
        foreach (var e in _entries)
        {
            var c = new Entry(e.Address, e.Support, e.Bijector, e.Offset, e.IsVector) { Constraint = e.Constraint };
            copy._entries.Add(c);
            copy._byAddress.Add(c.Address, c);
        }
        copy._unconstrained.AddRange(_unconstrained);
        foreach (var (address, values) in _loaded) copy._loaded[address] = values;
        return copy;
    }

    /// <summary>
    /// Sets each parameter that <paramref name="source"/> also holds (same address, constraint and length) to its
    /// unconstrained values, bit for bit; the others keep theirs. Returns how many were set.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is held by both with another constraint or length (named).</exception>
    internal int CopyFrom(ParameterStore source, string what)
    {
        int copied = 0;
        foreach (var e in _entries)
        {
            if (!source._byAddress.TryGetValue(e.Address, out var s)) continue;
            if (s.Support.Name != e.Support.Name || s.Length != e.Length || s.IsVector != e.IsVector)
                throw new ArgumentException($"{what}: the parameter '{e.Address}' is on {s.Support.Name} ({s.Length} coordinates) in the previous fit but on {e.Support.Name} ({e.Length} coordinates) here.", nameof(source));
            for (int i = 0; i < e.Length; i++) _unconstrained[e.Offset + i] = source._unconstrained[s.Offset + i];
            copied++;
        }
        return copied;
    }
}
