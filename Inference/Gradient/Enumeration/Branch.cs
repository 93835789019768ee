using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Enumeration;

/// <summary>What stopped a branch's run.</summary>
internal enum BranchEvent
{
    /// <summary>Not run yet.</summary>
    None,

    /// <summary>At an unobserved discrete choice of finite support.</summary>
    Choice,

    /// <summary>At the end of the plate element or fold step being enumerated.</summary>
    Exit,

    /// <summary>The program returned.</summary>
    Finished,
}

/// <summary>
/// One partial execution in an enumeration: where the suspended program stands (a cursor, and the value to resume a
/// choice with), its accumulated log weight (on the tape, so gradients flow through the sums), its open scopes, how
/// many continuous choices it has visited, and — when discrete values are being sampled — the trail of its choices.
/// </summary>
internal sealed class Branch
{
    public Cursor Cursor;
    public bool Resume;
    public object? Value;
    public Real LogWeight;
    public EnumerationScope? Scope;
    public int ContinuousVisits;
    public Trail? Trail;

    public BranchEvent Event;
    public ISampleNode? Node;
    public Address? Address;
    public EnumerationScope? Exited;
    public bool Last;
    public object? ExitValue;

    /// <summary>A copy that carries on from this branch's suspension point with another weight and trail.</summary>
    public Branch Continue(Real logWeight, Trail? trail) => new()
    {
        Cursor = Cursor,
        LogWeight = logWeight,
        Scope = Scope,
        ContinuousVisits = ContinuousVisits,
        Trail = trail,
    };
}

/// <summary>
/// The discrete values behind a branch, for sampling them afterwards (Pyro's <c>infer_discrete</c>): a choice and
/// the trail before it, or a merge of branches with their log weights. Walking back from the end and picking each
/// merge's member in proportion to its weight draws the choices from their exact conditional (forward filtering,
/// backward sampling along a chain: Rabiner 1989; Murphy 2012, §17.4.5).
/// </summary>
internal abstract class Trail;

internal sealed class ChoiceTrail(Address address, object value, Trail? previous) : Trail
{
    public readonly Address Address = address;
    public readonly object Value = value;
    public readonly Trail? Previous = previous;
}

internal sealed class MergeTrail(Trail?[] members, double[] logWeights) : Trail
{
    public readonly Trail?[] Members = members;
    public readonly double[] LogWeights = logWeights;
}
