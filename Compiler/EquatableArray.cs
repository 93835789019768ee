using System.Collections.Generic;
using System.Linq;

namespace Probabilistic.Compiler;

/// <summary>
/// An array compared by its elements: a value the incremental pipeline can cache (an <c>ImmutableArray</c> compares by
/// reference, so a step producing one would report its output Modified on every run).
/// </summary>
internal sealed class EquatableArray<T>(T[] items) : System.IEquatable<EquatableArray<T>>
{
    /// <summary>The elements.</summary>
    public T[] Items { get; } = items;

    public bool Equals(EquatableArray<T>? other) => other is not null && Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => Equals(obj as EquatableArray<T>);

    public override int GetHashCode()
    {
        int h = Items.Length;
        foreach (var x in Items) h = h * 31 + EqualityComparer<T>.Default.GetHashCode(x!);
        return h;
    }
}
