using Probabilistic.Syntax;

namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Builds the trace (NumPyro's <c>trace</c>): passes each effect on, then records the choice the handlers below made
/// and every score, in <see cref="Trace"/>; an address used twice is a <see cref="DuplicateAddressException"/>.
/// </summary>
internal sealed class Record(Handler next) : ForwardingHandler(next)
{
    /// <summary>The choices and scores so far.</summary>
    public readonly TraceBuilder Trace = new();

    /// <inheritdoc />
    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var c = Next.OnSample(node, m);
        if (c is not null) Trace.Add(c);
        return c;
    }

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        Trace.AddScore(logWeight.Value, address, isObservation);
        return Next.OnScore(logWeight, address, isObservation);
    }
}
