using System.Text;

namespace Probabilistic.PropertyTests.Programs;

/// <summary>
/// A canonical text for a choice map (sorted <c>address=value</c> pairs, a Bernoulli's value as 0/1),
/// so that the library's traces and the reference evaluator's executions can be matched as dictionary keys.
/// </summary>
public static class ChoiceKey
{
    public static string Of(IEnumerable<(string Address, int Value)> choices)
    {
        var sorted = choices.ToArray();
        Array.Sort(sorted, (x, y) => string.CompareOrdinal(x.Address, y.Address));
        var sb = new StringBuilder();
        foreach (var (a, v) in sorted) sb.Append(sb.Length == 0 ? "" : "; ").Append(a).Append('=').Append(v);
        return sb.ToString();
    }

    public static string Of(ChoiceMap choices) => Of(choices.Select(kv => (kv.Key.ToString(), ToInt(kv.Key, kv.Value))));

    /// <summary>The library's choice map as address text → int (true = 1, false = 0).</summary>
    public static Dictionary<string, int> ToInts(ChoiceMap choices) =>
        choices.ToDictionary(kv => kv.Key.ToString(), kv => ToInt(kv.Key, kv.Value));

    private static int ToInt(Address address, object value) => value switch
    {
        bool b => b ? 1 : 0,
        int i => i,
        var other => throw new InvalidOperationException($"Unexpected value {other} at '{address}'."),
    };

    /// <summary>The library's choice map for a reference execution, with Bernoulli choices as bools.</summary>
    public static ChoiceMap ToChoiceMap(Execution execution) =>
        ChoiceMap.Of(execution.Choices
            .Select(c => (Address.Parse(c.Address), c.IsFlip ? (object)(c.Value == 1) : c.Value))
            .ToArray());
}
