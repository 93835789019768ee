using System.Collections;

namespace Probabilistic.Distributions.Discrete;

/// <summary>The integers lower, lower + 1, …, lower + count − 1 as a read-only list, without storing them.</summary>
internal sealed class IntegerRange(int lower, int count) : IReadOnlyList<int>
{
    public int Count => count;

    public int this[int index] =>
        (uint)index < (uint)count ? lower + index : throw new ArgumentOutOfRangeException(nameof(index), index, $"IntegerRange: index must lie in [0, {count}).");

    public IEnumerator<int> GetEnumerator()
    {
        for (int i = 0; i < count; i++) yield return lower + i;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
