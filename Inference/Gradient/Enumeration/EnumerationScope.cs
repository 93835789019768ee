using Probabilistic.Interpretation;

namespace Probabilistic.Inference.Enumeration;

/// <summary>
/// The plate elements and fold steps open at a point of a run, innermost first: an immutable chain, so a suspended
/// branch keeps its own. <see cref="Depth"/> is 1 for the outermost scope (0 is the top level of the model).
/// </summary>
internal sealed class EnumerationScope(ScopeKind kind, Address address, int index, EnumerationScope? parent)
{
    public readonly ScopeKind Kind = kind;
    public readonly Address Address = address;
    public readonly int Index = index;
    public readonly EnumerationScope? Parent = parent;
    public readonly int Depth = (parent?.Depth ?? 0) + 1;

    /// <summary>Names a structure for error messages: "element 3 of Plate 'z'", "step 7 of Fold 'x'", or the top level.</summary>
    public static string Describe(EnumerationScope? scope) => scope is null
        ? "the top level of the model (outside every Plate and named Fold)"
        : scope.Kind == ScopeKind.PlateElement ? $"element {scope.Index} of Plate '{scope.Address}'" : $"step {scope.Index} of Fold '{scope.Address}'";
}
