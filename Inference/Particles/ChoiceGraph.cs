namespace Probabilistic.Inference.Particles;

/// <summary>
/// The particles' recorded choices as a graph of shared nodes, the form a checkpoint stores them in: resampled offspring
/// share their ancestor's <see cref="ChoiceHistory"/>, so each distinct history node is stored once, with its parent (the
/// choice before it, or −1), its address (an index into <see cref="Addresses"/>, each distinct address once) and its
/// value. Nodes come parents first; <see cref="Heads"/> gives each particle's newest node (−1 for no choice yet).
/// </summary>
internal sealed class ChoiceGraph(int[] heads, int[] parents, int[] addressIndices, string[] addresses, object[] values)
{
    /// <summary>Each particle's newest choice (a node index), or −1.</summary>
    public int[] Heads { get; } = heads;

    /// <summary>Each node's parent (the particle's previous choice), or −1.</summary>
    public int[] Parents { get; } = parents;

    /// <summary>Each node's address, as an index into <see cref="Addresses"/>.</summary>
    public int[] AddressIndices { get; } = addressIndices;

    /// <summary>The distinct addresses, as written by <c>Address.ToString</c>.</summary>
    public string[] Addresses { get; } = addresses;

    /// <summary>Each node's value (as the choice holds it boxed).</summary>
    public object[] Values { get; } = values;

    /// <summary>Number of nodes.</summary>
    public int Count => Parents.Length;

    /// <summary>The graph of <paramref name="histories"/>, nodes shared by reference stored once.</summary>
    public static ChoiceGraph Of(ChoiceHistory?[] histories)
    {
        var ids = new Dictionary<ChoiceHistory, int>(ReferenceEqualityComparer.Instance);
        var addressIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var parents = new List<int>();
        var addressIndices = new List<int>();
        var addresses = new List<string>();
        var values = new List<object>();
        var heads = new int[histories.Length];
        var pending = new Stack<ChoiceHistory>();
        for (int i = 0; i < histories.Length; i++)
        {
            var h = histories[i];
            while (h is not null && !ids.ContainsKey(h))
            {
                pending.Push(h);
                h = h.Tail;
            }
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                string address = node.Head.Address.ToString();
                if (!addressIds.TryGetValue(address, out int a))
                {
                    a = addresses.Count;
                    addressIds.Add(address, a);
                    addresses.Add(address);
                }
                ids.Add(node, parents.Count);
                parents.Add(node.Tail is null ? -1 : ids[node.Tail]);
                addressIndices.Add(a);
                values.Add(node.Head.BoxedValue);
            }
            heads[i] = histories[i] is null ? -1 : ids[histories[i]!];
        }
        return new ChoiceGraph(heads, [.. parents], [.. addressIndices], [.. addresses], [.. values]);
    }
}
