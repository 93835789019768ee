using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary><c>Observe(dist, value)</c>: scores a datum by its log density, optionally under an address.</summary>
internal sealed class ObserveNode<T>(IDistribution<T> dist, T value, Address? local) : Model<Unit>
{
    internal override void Run(Machine m)
    {
        var address = local is null ? null : m.Resolve(local);
        var lp = dist.LogProb(value);
        if (double.IsNaN(lp.Value) || double.IsPositiveInfinity(lp.Value))
            throw new ModelException($"Observing {value} under {dist.Name}{(address is null ? "" : $" at '{address}'")} gave the log density {lp.Value}.", address);
        if (double.IsNegativeInfinity(lp.Value)) m.Handler.OnZeroDensityObservation(address, value, dist);
        if (m.ObservesDistributions) m.Handler.OnObserve(dist, value, address);
        if (m.Handler.OnScore(lp, address, isObservation: true)) m.Return(Unit.Value);
        else m.Suspend(PureUnit.Instance);
    }
}

/// <summary><c>Factor(logWeight)</c>: multiplies the program's weight by exp(logWeight).</summary>
internal sealed class FactorNode(Real logWeight) : Model<Unit>
{
    internal override void Run(Machine m)
    {
        if (double.IsNaN(logWeight.Value) || double.IsPositiveInfinity(logWeight.Value))
            throw new ModelException($"Factor was given the log weight {logWeight.Value}{(m.Prefix.IsRoot ? "" : $" under '{m.Prefix}'")}.", m.Prefix.IsRoot ? null : m.Prefix);
        if (m.Handler.OnScore(logWeight, null, isObservation: false)) m.Return(Unit.Value);
        else m.Suspend(PureUnit.Instance);
    }
}
