namespace Probabilistic.Inference.Compiled;

/// <summary>
/// A compiled particle's partial trace for resample-move SMC as an immutable cons list, newest first: each choice's slot,
/// key, value (boxed once, when the choice is made, so a replay hands it back without boxing) and log density under the
/// run that made it — what the interpreter's <c>ChoiceHistory</c> of <c>Choice</c> records keeps, without addresses or
/// distribution objects. Resampled offspring share their parent's list; a moved particle shares the choices before the
/// moved one (they are the same values with the same densities).
/// </summary>
internal sealed class ScoredChoice(int slot, long key, object value, double logDensity, ScoredChoice? tail)
{
    public int Slot { get; } = slot;

    public long Key { get; } = key;

    /// <summary>The value, boxed as the program's <c>TryGive</c> takes it.</summary>
    public object Value { get; } = value;

    /// <summary>The choice's log density given the choices before it.</summary>
    public double LogDensity { get; } = logDensity;

    public ScoredChoice? Tail { get; } = tail;

    /// <summary>Fills <paramref name="buffer"/> (grown as needed) with the list's choices in the order they were made; returns how many.</summary>
    public static int Flatten(ScoredChoice? path, ref ScoredChoice[] buffer)
    {
        int count = 0;
        for (var p = path; p is not null; p = p.Tail) count++;
        if (buffer.Length < count) buffer = new ScoredChoice[Math.Max(count, 2 * buffer.Length)];
        int k = count;
        for (var p = path; p is not null; p = p.Tail) buffer[--k] = p;
        return count;
    }
}
