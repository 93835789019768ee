using Probabilistic.Syntax;

namespace Probabilistic.Interpretation.Handlers;

/// <summary>A user's <see cref="EffectHandler"/> in a stack: shows it each choice made below and passes its scores on.</summary>
internal sealed class UserHandler(EffectHandler user, Handler next) : ForwardingHandler(next)
{
    /// <inheritdoc />
    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var c = Next.OnSample(node, m);
        if (c is not null) user.OnChoice(c);
        return c;
    }

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
        Next.OnScore(user.OnScore(logWeight, address, isObservation), address, isObservation);
}
