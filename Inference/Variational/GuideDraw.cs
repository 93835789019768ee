using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// One draw from a guide, on one numeric backend: the values of its choices by address and log q of them
/// (differentiable in the guide's parameters and, through reparameterized values, in the values).
/// </summary>
/// <typeparam name="TScalar">The backend's differentiable scalar.</typeparam>
public abstract class GuideDraw<TScalar> where TScalar : IDifferentiableScalar<TScalar>
{
    /// <summary>log q of the drawn values.</summary>
    public TScalar LogQ { get; protected internal set; } = TScalar.FromDouble(0);

    /// <summary>The drawn value at <paramref name="address"/> (for the scalar backend a <see cref="Real"/>, <c>Real[]</c>,
    /// <c>int</c> or <c>bool</c>; for the tensor backend a tensor).</summary>
    /// <exception cref="KeyNotFoundException">The guide made no choice there.</exception>
    public abstract object this[Address address] { get; }

    /// <summary>The addresses of the drawn choices.</summary>
    public abstract IEnumerable<Address> Addresses { get; }

    /// <summary>
    /// A copy with every value and log q cut from the gradient (constants): scoring it under the model differentiates
    /// only the model's parameters, and <see cref="ObjectiveContext{TScalar}.LogQAt"/> only the guide's density at fixed
    /// values. It has no score-function terms.
    /// </summary>
    public abstract GuideDraw<TScalar> Detached();
}

/// <summary>
/// A draw from a guide on the scalar tape: besides the values and log q, the log q of each choice whose gradient is
/// estimated by the score function (REINFORCE), for the surrogate objective.
/// </summary>
public sealed class GuideDraw : GuideDraw<Real>
{
    internal GuideDraw() { }

    internal readonly Dictionary<Address, object> Values = [];
    internal readonly List<(Address Address, Real LogQ)> ScoreTerms = [];

    /// <summary>
    /// For an autoguide over the model's unconstrained space (<see cref="Guide.UnconstrainedBlocks"/>): the drawn u, all
    /// blocks' coordinates in block order (x = T(u)); null for other guides and for <see cref="Detached"/> copies.
    /// </summary>
    internal Real[]? Unconstrained;

    /// <summary>With <see cref="Unconstrained"/>: log |det J_T(u)| summed over the blocks (the part of <see cref="GuideDraw{TScalar}.LogQ"/>
    /// that maps u's density onto x's), on the tape as u is.</summary>
    internal Real LogJacobian;

    /// <summary>The supports of the distributions the guide drew from, by address (guides written as models; autoguides
    /// map the model's own supports and leave this empty).</summary>
    internal readonly Dictionary<Address, Distributions.Support> Supports = [];

    /// <summary>
    /// Not null when the draw stopped at a choice whose estimator branches (enumeration, measure-valued): the rest of
    /// the guide is drawn by <see cref="BranchPoint.Continue"/> once per branch value.
    /// </summary>
    internal BranchPoint? Pending;

    /// <inheritdoc />
    public override object this[Address address] => Values.TryGetValue(address, out var v) ? v : throw new KeyNotFoundException($"GuideDraw: no choice at '{address}'.");

    /// <inheritdoc />
    public override GuideDraw Detached()
    {
        var copy = new GuideDraw { LogQ = new Real(LogQ.Value) };
        foreach (var (address, value) in Values)
            copy.Values[address] = value switch
            {
                Real r => new Real(r.Value),
                Real[] a => Array.ConvertAll(a, x => new Real(x.Value)),
                _ => value,
            };
        return copy;
    }

    /// <inheritdoc />
    public override IEnumerable<Address> Addresses => Values.Keys;
}

/// <summary>
/// A guide suspended at a choice whose gradient estimator branches: <see cref="Continue"/>(v, log q(v)) gives the
/// rest of the guide with that choice fixed to v, the choices before it kept (values, log q and their tape nodes)
/// and the choices after it drawn fresh. The continued draw's <see cref="GuideDraw.ScoreTerms"/> holds only the
/// score-function choices made after the branch point.
/// </summary>
internal sealed record BranchPoint(Address Address, Syntax.ISampleNode Node, GradientEstimator Estimator, Func<object, Real, GuideDraw> Continue);
