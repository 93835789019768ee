namespace Probabilistic.PropertyTests.Programs;

/// <summary>
/// A selection the test can evaluate on its own (exact addresses and prefixes, as text) and give to the
/// library as a <see cref="Selection"/> (<c>Selection.Of(…) | Selection.Prefix(…) | …</c>).
/// </summary>
public sealed record SelectionSpec(IReadOnlyList<string> Exact, IReadOnlyList<string> Prefixes)
{
    public bool Contains(string address) =>
        Exact.Contains(address) || Prefixes.Any(p => address == p || address.StartsWith(p + "/", StringComparison.Ordinal));

    public Selection ToLibrary() =>
        Prefixes.Aggregate(Selection.Of(Exact.Select(Address.Parse)), (s, p) => s | Selection.Prefix(Address.Parse(p)));

    /// <summary>
    /// Each address of <paramref name="executions"/> with probability ½, and each namespace (call
    /// prefix) with probability ¼ as a prefix selection.
    /// </summary>
    public static SelectionSpec Random(IEnumerable<Execution> executions, Rng rng)
    {
        var addresses = executions.SelectMany(e => e.Choices.Select(c => c.Address)).Distinct().Order(StringComparer.Ordinal).ToList();
        var namespaces = addresses
            .SelectMany(a => Enumerable.Range(0, a.Length).Where(i => a[i] == '/').Select(i => a[..i]))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return new SelectionSpec(
            addresses.Where(_ => rng.NextDouble() < 0.5).ToList(),
            namespaces.Where(_ => rng.NextDouble() < 0.25).ToList());
    }

    public override string ToString() => $"{{ {string.Join(", ", Exact.Concat(Prefixes.Select(p => p + "/*")))} }}";
}
