using System.Collections.Immutable;
using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Exact;

/// <summary>Suspends at every choice so that the enumerator can branch on its values; sums scores.</summary>
internal sealed class EnumerateHandler : Handler
{
    public double LogWeight;
    public ImmutableHashSet<Address> Visited = ImmutableHashSet<Address>.Empty;
    public ISampleNode? PendingNode;
    public Address? PendingAddress;

    public override bool SamplesInPlace => false;

    public override bool NeverSuspends => false;

    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (Visited.Contains(address)) throw new DuplicateAddressException(address);
        PendingNode = node;
        PendingAddress = address;
        return null;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        if (address is not null)
        {
            if (Visited.Contains(address)) throw new DuplicateAddressException(address);
            Visited = Visited.Add(address);
        }
        LogWeight += logWeight.Value;
        return true;
    }
}
