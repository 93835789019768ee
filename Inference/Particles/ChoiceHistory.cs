namespace Probabilistic.Inference.Particles;

/// <summary>
/// A particle's choices so far as an immutable cons list, newest first: resampled offspring share
/// their parent's list, and extending one never changes another (the persistent trajectory that
/// conditional SMC and resample-move SMC need; Andrieu, Doucet &amp; Holenstein, JRSS B 2010, §2.4.3).
/// </summary>
internal sealed class ChoiceHistory(Choice head, ChoiceHistory? tail)
{
    public Choice Head { get; } = head;

    public ChoiceHistory? Tail { get; } = tail;

    /// <summary>The choices as a map, in the order they were made.</summary>
    public static ChoiceMap ToChoiceMap(ChoiceHistory? history)
    {
        var stack = new Stack<Choice>();
        for (var h = history; h is not null; h = h.Tail) stack.Push(h.Head);
        var d = new Dictionary<Address, object>(stack.Count);
        foreach (var c in stack) d.Add(c.Address, c.BoxedValue);
        return ChoiceMap.Wrap(d);
    }

    /// <summary>The choices indexed by address, for re-running a program with them.</summary>
    public static Interpretation.ChoiceTable ToTable(ChoiceHistory? history, out int count)
    {
        var stack = new Stack<Choice>();
        for (var h = history; h is not null; h = h.Tail) stack.Push(h.Head);
        count = stack.Count;
        var t = new Interpretation.ChoiceTable(Math.Max(count, 4));
        foreach (var c in stack) t.TryAdd(c);
        return t;
    }
}
