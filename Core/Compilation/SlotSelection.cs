namespace Probabilistic.Compilation;

/// <summary>
/// A <see cref="Selection"/> given to a compiled model's Regenerate, keyed by slot where it can be: <see cref="Selection.All"/>,
/// addresses named one by one (<see cref="Selection.Of(Address[])"/> and unions of those) and their complements are
/// located once (the generated <see cref="CompiledGenerativeFunction{T}.Locate"/>) and tested by slot and key, so the run
/// builds no address; any other selection (prefixes, a user's subclass) is asked <see cref="Selection.Contains"/> with
/// each choice's address, in the order the interpreter asks it (<see cref="ByAddress"/>).
/// </summary>
public sealed class SlotSelection
{
    private readonly Selection _selection;
    private readonly bool _all;
    private readonly bool _complement;
    private readonly HashSet<(int Slot, long Key)>? _set;
    private readonly int _slot = -1;
    private readonly long _key;

    internal SlotSelection(Selection selection, SlotConstraints.LocateSlot locate)
    {
        _selection = selection;
        var named = selection;
        if (selection.ComplementOf is { } inner)
        {
            _complement = true;
            named = inner;
        }
        if (ReferenceEquals(named, Selection.All))
        {
            _all = true;
            return;
        }
        if (!named.IsNamedOnly)
        {
            _complement = false;
            ByAddress = true;
            return;
        }
        foreach (var address in named.NamedAddresses)
        {
            if (!locate(address, out int slot, out long key)) continue;
            if (_slot < 0)
            {
                (_slot, _key) = (slot, key);
                continue;
            }
            _set ??= [(_slot, _key)];
            _set.Add((slot, key));
        }
    }

    /// <summary>True when the selection is tested by address (<see cref="Contains(Address)"/>): a prefix, or a selection the library does not know.</summary>
    public bool ByAddress { get; }

    /// <summary>Whether the choice in <paramref name="slot"/> at <paramref name="key"/> (see <see cref="SlotConstraints"/>) is selected (when not <see cref="ByAddress"/>).</summary>
    public bool Contains(int slot, long key)
    {
        bool named = _all || (_set is not null ? _set.Contains((slot, key)) : slot == _slot && key == _key);
        return named != _complement;
    }

    /// <summary>Whether the choice at <paramref name="address"/> is selected: the selection's own test (when <see cref="ByAddress"/>).</summary>
    public bool Contains(Address address) => _selection.Contains(address);
}
