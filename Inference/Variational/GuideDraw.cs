namespace Probabilistic.Inference.Variational;

/// <summary>
/// One draw from a guide: the values of its choices by address, log q of them (on the gradient tape), and the
/// log q of each choice whose gradient is estimated by the score function (REINFORCE), for the surrogate objective.
/// </summary>
public sealed class GuideDraw
{
    internal GuideDraw() { }

    internal readonly Dictionary<Address, object> Values = [];
    internal readonly List<(Address Address, Real LogQ)> ScoreTerms = [];

    /// <summary>
    /// Not null when the draw stopped at a choice whose estimator branches (enumeration, measure-valued): the rest of
    /// the guide is drawn by <see cref="BranchPoint.Continue"/> once per branch value.
    /// </summary>
    internal BranchPoint? Pending;

    /// <summary>log q of the drawn values (on the gradient tape: differentiable in the guide's parameters).</summary>
    public Real LogQ { get; internal set; }

    /// <summary>The drawn value at <paramref name="address"/> (a <see cref="Real"/>, <c>Real[]</c>, <c>int</c> or <c>bool</c>).</summary>
    /// <exception cref="KeyNotFoundException">The guide made no choice there.</exception>
    public object this[Address address] => Values.TryGetValue(address, out var v) ? v : throw new KeyNotFoundException($"GuideDraw: no choice at '{address}'.");

    /// <summary>
    /// A copy with every value and log q cut from the gradient tape (constants): scoring it under the model
    /// differentiates only the model's parameters, and <see cref="ObjectiveContext.LogQAt"/> only the guide's density
    /// at fixed values. It has no score-function terms.
    /// </summary>
    public GuideDraw Detached()
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

    /// <summary>The addresses of the drawn choices.</summary>
    public IEnumerable<Address> Addresses => Values.Keys;
}

/// <summary>
/// A guide suspended at a choice whose gradient estimator branches: <see cref="Continue"/>(v, log q(v)) gives the
/// rest of the guide with that choice fixed to v, the choices before it kept (values, log q and their tape nodes)
/// and the choices after it drawn fresh. The continued draw's <see cref="GuideDraw.ScoreTerms"/> holds only the
/// score-function choices made after the branch point.
/// </summary>
internal sealed record BranchPoint(Address Address, Syntax.ISampleNode Node, GradientEstimator Estimator, Func<object, Real, GuideDraw> Continue);
