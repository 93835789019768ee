namespace Probabilistic.Interpretation;

/// <summary>
/// A trace's choices: an insertion-ordered array plus an open-addressing index (linear probing over
/// slot numbers, keyed by each address's cached hash). About half the memory of a
/// <c>Dictionary&lt;Address, Choice&gt;</c> per choice, which matters for long simulated traces.
/// </summary>
internal sealed class ChoiceTable
{
    private Choice[] _order;
    private int[] _slots; // 0 = empty, else 1 + position in _order
    private int _count;

    public ChoiceTable(int capacity = 8)
    {
        _order = new Choice[Math.Max(capacity, 4)];
        _slots = new int[SlotCount(_order.Length)];
    }

    private static int SlotCount(int capacity)
    {
        int n = 8;
        while (n < capacity * 2) n <<= 1;
        return n;
    }

    public int Count => _count;

    /// <summary>Adds a choice; false when its address is already present.</summary>
    public bool TryAdd(Choice c)
    {
        if (_count == _order.Length) Grow();
        int mask = _slots.Length - 1;
        int i = c.Address.GetHashCode() & mask;
        while (true)
        {
            int s = _slots[i];
            if (s == 0) break;
            if (_order[s - 1].Address.Equals(c.Address)) return false;
            i = (i + 1) & mask;
        }
        _order[_count] = c;
        _slots[i] = ++_count;
        return true;
    }

    public bool TryGetValue(Address address, out Choice choice)
    {
        int mask = _slots.Length - 1;
        int i = address.GetHashCode() & mask;
        while (true)
        {
            int s = _slots[i];
            if (s == 0)
            {
                choice = null!;
                return false;
            }
            var c = _order[s - 1];
            if (c.Address.Equals(address))
            {
                choice = c;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    public bool Contains(Address address) => TryGetValue(address, out _);

    /// <summary>The choices in insertion order.</summary>
    public ReadOnlySpan<Choice> Ordered => _order.AsSpan(0, _count);

    public IEnumerable<Choice> Enumerate()
    {
        for (int i = 0; i < _count; i++) yield return _order[i];
    }

    private void Grow()
    {
        Array.Resize(ref _order, _order.Length * 2);
        _slots = new int[SlotCount(_order.Length)];
        int mask = _slots.Length - 1;
        for (int k = 0; k < _count; k++)
        {
            int i = _order[k].Address.GetHashCode() & mask;
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = k + 1;
        }
    }
}
