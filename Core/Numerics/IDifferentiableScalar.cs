using System.Numerics;

namespace Probabilistic.Numerics;

/// <summary>
/// The differentiable scalar that variational objectives and gradient estimators are written against, so that each
/// exists once for every numeric backend (docs/ARCHITECTURE.md, "Numbers and gradients"): <see cref="Real"/> on the scalar tape,
/// and a tensor in the tensor backend. A value may be a batch of independent scalars (for instance one objective per
/// data point of a minibatch); every operation then acts element by element, and <see cref="Value"/> is the sum of
/// the elements — the quantity an optimizer maximizes.
/// </summary>
/// <remarks>
/// Gradients flow through every operation except <see cref="Detach"/>, which gives a constant with the same value (the
/// "stop gradient" of the stochastic-computation-graph surrogates: Schulman, Heess, Weber, Abbeel 2015; Foerster et
/// al. 2018). Operations with a <see cref="double"/> treat it as a constant.
/// </remarks>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IDifferentiableScalar<TSelf> :
    IAdditionOperators<TSelf, TSelf, TSelf>,
    ISubtractionOperators<TSelf, TSelf, TSelf>,
    IMultiplyOperators<TSelf, TSelf, TSelf>,
    IDivisionOperators<TSelf, TSelf, TSelf>,
    IUnaryNegationOperators<TSelf, TSelf>
    where TSelf : IDifferentiableScalar<TSelf>
{
    /// <summary>The value as a <see cref="double"/>: the sum of the elements for a batch.</summary>
    double Value { get; }

    /// <summary>The same value with no gradient (a constant).</summary>
    TSelf Detach();

    /// <summary>A constant.</summary>
    static abstract TSelf FromDouble(double value);

    /// <summary>x + c.</summary>
    static abstract TSelf operator +(TSelf x, double c);

    /// <summary>x − c.</summary>
    static abstract TSelf operator -(TSelf x, double c);

    /// <summary>c·x.</summary>
    static abstract TSelf operator *(double c, TSelf x);

    /// <summary>x / c.</summary>
    static abstract TSelf operator /(TSelf x, double c);

    /// <summary>eˣ.</summary>
    static abstract TSelf Exp(TSelf x);

    /// <summary>log x.</summary>
    static abstract TSelf Log(TSelf x);

    /// <summary>log Σᵢ exp xᵢ over the items (element by element for batches), computed stably.</summary>
    static abstract TSelf LogSumExp(ReadOnlySpan<TSelf> xs);
}
