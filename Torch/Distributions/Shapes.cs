namespace Probabilistic.Torch;

/// <summary>Shape arithmetic for messages and checks (NumPy/PyTorch broadcasting: trailing dimensions equal or 1).</summary>
internal static class Shapes
{
    /// <summary>"[2, 3]".</summary>
    public static string Show(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>True when the shapes broadcast together.</summary>
    public static bool Broadcastable(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        for (int i = 1; i <= Math.Min(a.Length, b.Length); i++)
        {
            long x = a[^i], y = b[^i];
            if (x != y && x != 1 && y != 1) return false;
        }
        return true;
    }

    /// <summary>True when a tensor of shape <paramref name="from"/> expands to <paramref name="to"/> (each trailing dimension equal or 1).</summary>
    public static bool ExpandsTo(ReadOnlySpan<long> from, ReadOnlySpan<long> to)
    {
        if (from.Length > to.Length) return false;
        for (int i = 1; i <= from.Length; i++)
            if (from[^i] != to[^i] && from[^i] != 1) return false;
        return true;
    }

    /// <summary><paramref name="a"/> followed by <paramref name="b"/>.</summary>
    public static long[] Concat(ReadOnlySpan<long> a, ReadOnlySpan<long> b) => [.. a, .. b];

    /// <summary>The broadcast shape of the named tensors; a mismatch is an error naming <paramref name="what"/> and both shapes.</summary>
    public static long[] Broadcast(string what, params (string Name, long[] Shape)[] parts)
    {
        var result = Array.Empty<long>();
        string resultFrom = parts.Length > 0 ? parts[0].Name : "";
        foreach (var (name, shape) in parts)
        {
            if (!Broadcastable(result, shape))
                throw new ArgumentException($"{what}: the shape of {name} {Show(shape)} does not broadcast with the shape of {resultFrom} {Show(result)}.");
            int n = Math.Max(result.Length, shape.Length);
            var r = new long[n];
            for (int i = 1; i <= n; i++)
            {
                long x = i <= result.Length ? result[^i] : 1, y = i <= shape.Length ? shape[^i] : 1;
                r[^i] = x == 1 ? y : x;
            }
            if (result.Length == 0 || !r.AsSpan().SequenceEqual(result)) resultFrom = name;
            result = r;
        }
        return result;
    }
}
