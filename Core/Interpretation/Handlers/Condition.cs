using Probabilistic.Numerics;
using Probabilistic.Syntax;

namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Constrains choices (NumPyro's <c>condition</c>, Gen's <c>generate</c> constraints): a choice whose address
/// <paramref name="constraints"/> names takes the given value and adds its log density (times the stack's
/// <see cref="Machine.Scale"/>) to <see cref="Weight"/>; every score passing through is added too (unless
/// <paramref name="weighScores"/> is false: another Condition above counts them), so the weight is the run's log
/// importance weight. A constrained choice in <paramref name="unweighted"/> takes its value but adds nothing to the
/// weight (a marginal guide's fixed auxiliary choices). Other choices go on to the handler below.
/// </summary>
/// <typeparam name="TScalar">What the weight accumulates in: <see cref="Real"/> keeps the gradient tape of the log
/// densities (variational inference's model score); another backend's scalar receives their values as constants.</typeparam>
internal sealed class Condition<TScalar>(ChoiceMap constraints, Handler next, bool trackVisited = false, bool weighScores = true, Selection? unweighted = null) : ForwardingHandler(next)
    where TScalar : IDifferentiableScalar<TScalar>
{
    /// <summary>Σ log density of the constrained choices and of the scores.</summary>
    public TScalar Weight = TScalar.FromDouble(0);

    /// <summary>How many constrained choices the run visited.</summary>
    public int Visited;

    /// <summary>The constrained addresses visited, when asked for (a second visit is a <see cref="DuplicateAddressException"/>).</summary>
    public readonly HashSet<Address>? VisitedAddresses = trackVisited ? [] : null;

    /// <summary>Called with each constrained choice's address, node and value before it is scored (a check, e.g. of supports).</summary>
    public Action<Address, ISampleNode, object>? BeforeConstrained;

    private ChoiceMap _constraints = constraints;

    /// <summary>The constraints.</summary>
    public ChoiceMap Constraints => _constraints;

    /// <summary>
    /// Readies this handler for another run under <paramref name="next"/> constraints: the weight, the count and the
    /// visited addresses start again, so a scorer run at every optimization step keeps one stack.
    /// </summary>
    public void Reset(ChoiceMap next)
    {
        _constraints = next;
        Weight = TScalar.FromDouble(0);
        Visited = 0;
        VisitedAddresses?.Clear();
    }

    /// <inheritdoc />
    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (!_constraints.TryGetValue(address, out var value)) return Next.OnSample(node, m);
        if (VisitedAddresses is not null && !VisitedAddresses.Add(address)) throw new DuplicateAddressException(address);
        BeforeConstrained?.Invoke(address, node, value);
        var c = node.Score(address, value, out var lp);
        if (unweighted is null || !unweighted.Contains(address))
        {
            double scale = m.Scale;
            Weight += Lift(scale == 1 ? lp : scale * lp);
        }
        Visited++;
        return c;
    }

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        if (weighScores) Weight += Lift(logWeight);
        return Next.OnScore(logWeight, address, isObservation);
    }

    /// <summary>A <see cref="Real"/> as <typeparamref name="TScalar"/>: itself (tape kept) for <see cref="Real"/>, else its value.</summary>
    private static TScalar Lift(Real x) =>
        typeof(TScalar) == typeof(Real) ? System.Runtime.CompilerServices.Unsafe.As<Real, TScalar>(ref x) : TScalar.FromDouble(x.Value);
}
