using Probabilistic.Syntax;

namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Replays a previous trace's choices (NumPyro's <c>replay</c>, Gen's <c>update</c>/<c>regenerate</c>): a choice the
/// previous trace has, and that <paramref name="resample"/> does not select, keeps its value, rescored under the
/// choice's distribution now, and the change of its log density enters <see cref="KeptDelta"/>; other choices (new
/// addresses, selected ones) go on to the handler below, which draws them.
/// </summary>
internal sealed class Replay(ChoiceTable previous, Handler next, Selection? resample = null) : ForwardingHandler(next)
{
    /// <summary>Σ (log p now − log p before) over the kept choices.</summary>
    public double KeptDelta;

    /// <inheritdoc />
    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (!previous.TryGetValue(address, out var p) || (resample is not null && resample.Contains(address))) return Next.OnSample(node, m);
        var c = node.Reuse(address, p);
        KeptDelta += c.LogProb - p.LogProb;
        return c;
    }
}
