namespace Probabilistic.Inference.Compiled;

/// <summary>
/// A compiled particle's choices so far as an immutable cons list, newest first, each a slot, a key and its typed value
/// (the compiled counterpart of <c>ChoiceHistory</c>): resampled offspring share their parent's list, so conditional
/// SMC's genealogy costs one node per choice, and addresses and boxes are made only for the particle whose choices are read.
/// </summary>
internal abstract class ChoicePath(int slot, long key, ChoicePath? tail)
{
    public int Slot { get; } = slot;

    public long Key { get; } = key;

    public ChoicePath? Tail { get; } = tail;

    /// <summary>The value, boxed as the interpreter's choice map holds it.</summary>
    public abstract object BoxedValue { get; }

    /// <summary>The choices as a map in the order they were made, each address given by <paramref name="address"/>(slot, key).</summary>
    public static ChoiceMap ToChoiceMap(ChoicePath? path, Func<int, long, Address> address)
    {
        var stack = new Stack<ChoicePath>();
        for (var p = path; p is not null; p = p.Tail) stack.Push(p);
        var d = new Dictionary<Address, object>(stack.Count);
        foreach (var c in stack) d.Add(address(c.Slot, c.Key), c.BoxedValue);
        return ChoiceMap.Wrap(d);
    }
}

/// <summary>A <see cref="ChoicePath"/> node of one value type.</summary>
internal sealed class ChoicePath<TValue>(int slot, long key, TValue value, ChoicePath? tail) : ChoicePath(slot, key, tail)
{
    public override object BoxedValue => value!;
}
