using Probabilistic.Syntax;

namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Hides effects from the handlers below it (NumPyro's <c>block</c>/<c>hide</c>): a choice whose address
/// <paramref name="hidden"/> selects is drawn from its prior with the stack's generator (<see cref="Handler.FreshRng"/>)
/// and reaches no handler below (no trace records it, no constraint applies, no weight counts it); a score at a hidden
/// address, or an unnamed score when <paramref name="hidden"/> is <see cref="Selection.All"/>, is dropped.
/// </summary>
internal sealed class Block(Selection hidden, Handler next) : ForwardingHandler(next)
{
    /// <inheritdoc />
    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (!hidden.Contains(address)) return Next.OnSample(node, m);
        var rng = Next.FreshRng ?? throw new ModelException($"Block: the hidden choice '{address}' must be drawn, but this interpretation has no generator for fresh draws.", address);
        return node.Draw(address, rng);
    }

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
        (address is null ? ReferenceEquals(hidden, Selection.All) : hidden.Contains(address)) || Next.OnScore(logWeight, address, isObservation);
}
