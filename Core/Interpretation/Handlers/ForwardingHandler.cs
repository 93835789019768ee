using Probabilistic.Syntax;

namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// A handler in a stack (NumPyro's <c>Messenger</c>, a monad-bayes transformer): every effect it does not answer goes
/// on to <see cref="Next"/>, the handler below it. A subclass overrides only the effects of its one job and calls the
/// base member to pass an effect on (after which it can look at the answer, as <see cref="Record"/> does).
/// </summary>
/// <remarks>
/// A handler a program installs for a sub-program (<see cref="Machine.Enter{T}"/>: a parameter source, a subsampled
/// plate's scale) is a template: the machine binds a copy of it to the stack in force (<see cref="Bind"/>), so such a
/// handler keeps no mutable state of its own beyond <see cref="Next"/>, and a suspended program (a
/// <see cref="Cursor"/>) can be resumed on another machine with another stack below it.
/// </remarks>
internal abstract class ForwardingHandler(Handler next) : Handler
{
    /// <summary>The handler below this one; null only in a template not yet bound (see <see cref="Bind"/>).</summary>
    public Handler Next { get; private set; } = next;

    /// <summary>A copy of this handler stacked on <paramref name="next"/>.</summary>
    internal ForwardingHandler Bind(Handler next)
    {
        var copy = (ForwardingHandler)MemberwiseClone();
        copy.Next = next;
        return copy;
    }

    /// <inheritdoc />
    public override bool SamplesInPlace => Next.SamplesInPlace;

    /// <inheritdoc />
    public override bool NeverSuspends => Next.NeverSuspends;

    /// <summary>Null: a handler in a stack sees every choice (a subclass that ignores choices may pass on its next's).</summary>
    public override Rng? PriorRng => null;

    /// <inheritdoc />
    public override Choice? OnSample(ISampleNode node, Machine m) => Next.OnSample(node, m);

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation) => Next.OnScore(logWeight, address, isObservation);

    /// <inheritdoc />
    public override void OnZeroDensityObservation(Address? address, object? value, object distribution) => Next.OnZeroDensityObservation(address, value, distribution);

    /// <inheritdoc />
    public override bool ObservesDistributions => Next.ObservesDistributions;

    /// <inheritdoc />
    public override void OnObserve<T>(IDistribution<T> distribution, T value, Address? address) => Next.OnObserve(distribution, value, address);

    /// <inheritdoc />
    public override bool ObservesScopes => Next.ObservesScopes;

    /// <inheritdoc />
    public override void OnScopeEnter(ScopeKind kind, Address scope, int index) => Next.OnScopeEnter(kind, scope, index);

    /// <inheritdoc />
    public override bool OnScopeExit(ScopeKind kind, int index, bool last) => Next.OnScopeExit(kind, index, last);

    /// <inheritdoc />
    public override Real OnParam(Address local, Real init, IParameterConstraint? constraint, Machine m) => Next.OnParam(local, init, constraint, m);

    /// <inheritdoc />
    public override Real[] OnVectorParam(Address local, Real[] init, IParameterConstraint? constraint, Machine m) => Next.OnVectorParam(local, init, constraint, m);

    /// <inheritdoc />
    public override IReadOnlyList<int>? OnSubsample(Address local, int size, int subsampleSize, Machine m) => Next.OnSubsample(local, size, subsampleSize, m);


    /// <inheritdoc />
    public override Rng? FreshRng => Next.FreshRng;

    /// <inheritdoc />
    public override TEffect? Find<TEffect>() where TEffect : class => this as TEffect ?? Next.Find<TEffect>();
}
