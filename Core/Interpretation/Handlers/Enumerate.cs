using Probabilistic.Syntax;

namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Branches finite choices (NumPyro's <c>enum</c> run sequentially): at a choice whose distribution has a finite
/// support the machine suspends, with the choice in <see cref="PendingNode"/>/<see cref="PendingAddress"/>, so that a
/// driver saves the cursor once and resumes it once per value (<see cref="Machine.ResumeWith"/>), never re-running the
/// program; other choices go on to the handler below. Scores pass on, summed in <see cref="LogWeight"/>.
/// </summary>
/// <remarks>
/// Gradient-based enumeration (<c>Inference/Gradient/Enumeration</c>) keeps its own handler: it sums branches on the
/// tape per plate element and fold step through the scope hooks, which is its job rather than a stack's.
/// </remarks>
internal sealed class Enumerate(Handler next) : ForwardingHandler(next)
{
    /// <summary>Σ of the scores since this was last reset.</summary>
    public double LogWeight;

    /// <summary>The finite choice the run is suspended at, or null.</summary>
    public ISampleNode? PendingNode;

    /// <summary>Its address.</summary>
    public Address? PendingAddress;

    /// <inheritdoc />
    public override bool SamplesInPlace => false;

    /// <inheritdoc />
    public override bool NeverSuspends => false;

    /// <inheritdoc />
    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        if (!node.HasFiniteSupport) return Next.OnSample(node, m);
        PendingNode = node;
        PendingAddress = m.Resolve(node.Local);
        return null;
    }

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        LogWeight += logWeight.Value;
        return Next.OnScore(logWeight, address, isObservation);
    }
}
