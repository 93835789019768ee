using Probabilistic.Syntax;

namespace Probabilistic.Interpretation;

/// <summary>
/// What an interpretation does at each effect of a program (in the spirit of NumPyro's
/// <c>Messenger</c>): one small class per interpretation (simulate, generate, assess, update,
/// regenerate, enumerate, a particle's step). The machine calls it; it never walks the program.
/// Handlers stack: a <see cref="Handlers.ForwardingHandler"/> passes each effect it does not answer to the handler
/// below it (<see cref="Handlers.ForwardingHandler.Next"/>); a handler that is not one is the bottom of its stack.
/// </summary>
internal abstract class Handler
{
    /// <summary>
    /// True when <see cref="OnSample"/> never suspends, so a <c>Sample</c> on the left of a bind is
    /// handled in place without pushing a frame.
    /// </summary>
    public virtual bool SamplesInPlace => true;

    /// <summary>
    /// True when the handler never suspends the machine (neither at choices nor at scores): then a run
    /// started fresh and never saved shares its frames with no cursor (see <see cref="Machine.OwnsFrames"/>).
    /// </summary>
    public virtual bool NeverSuspends => true;

    /// <summary>
    /// When not null, every choice is drawn from its prior with this generator and nothing is recorded
    /// (<see cref="OnSample"/> is not called): the bootstrap particle filter's fast path, with no
    /// address, choice record or log density computed per step.
    /// </summary>
    public virtual Rng? PriorRng => null;

    /// <summary>
    /// Chooses the value of the choice <paramref name="node"/> (its address is
    /// <c>m.Resolve(node.Local)</c>) and returns its record, or returns null to suspend the machine at this choice.
    /// </summary>
    public abstract Choice? OnSample(ISampleNode node, Machine m);

    /// <summary>
    /// Adds a log weight (an observation's log density when <paramref name="isObservation"/>, else a
    /// factor). Returns false to suspend the machine just after it.
    /// </summary>
    public abstract bool OnScore(Real logWeight, Address? address, bool isObservation);

    /// <summary>
    /// Called by <c>Observe</c> just before <see cref="OnScore"/> when the datum's log density is −∞ (outside the
    /// distribution's support, or of probability zero), so that a handler can say which observation made the run
    /// impossible; <paramref name="distribution"/> is the <c>IDistribution</c>. Does nothing by default.
    /// </summary>
    public virtual void OnZeroDensityObservation(Address? address, object? value, object distribution) { }

    /// <summary>
    /// True when the handler wants each observation's distribution and value (<see cref="OnObserve"/>), as predictive
    /// simulation does to draw replicated data; false (the default) keeps observations to one score each.
    /// </summary>
    public virtual bool ObservesDistributions => false;

    /// <summary>
    /// Called, when <see cref="ObservesDistributions"/> is true, at each observation just before its score reaches
    /// <see cref="OnScore"/>, with its distribution, observed value and resolved address (null when unnamed).
    /// </summary>
    public virtual void OnObserve<T>(IDistribution<T> distribution, T value, Address? address) { }

    /// <summary>
    /// True when the handler wants to see the boundaries of <c>Plate</c> elements and named <c>Fold</c> steps
    /// (<see cref="OnScopeEnter"/>, <see cref="OnScopeExit"/>); read once when a machine is made. Enumeration
    /// uses them to sum out discrete choices per element and along a chain.
    /// </summary>
    public virtual bool ObservesScopes => false;

    /// <summary>A plate element or a fold step begins; <paramref name="scope"/> is the plate's or fold's address.</summary>
    public virtual void OnScopeEnter(ScopeKind kind, Address scope, int index) { }

    /// <summary>
    /// A plate element or a fold step has returned its value (<paramref name="last"/>: it was the plate's or fold's
    /// last). Returns false to suspend the machine there: the machine's node is then an <see cref="IScopeExit"/> that
    /// holds the value and, when run, carries on.
    /// </summary>
    public virtual bool OnScopeExit(ScopeKind kind, int index, bool last) => true;

    /// <summary>
    /// The value of the learnable scalar <c>Param</c> named <paramref name="local"/> here (its address is
    /// <c>m.Resolve(local)</c>): a <see cref="Handlers.Substitute"/> answers it from a parameter source; by default it
    /// is its initial value.
    /// </summary>
    public virtual Real OnParam(Address local, Real init, IParameterConstraint? constraint, Machine m) => init;

    /// <summary>As <see cref="OnParam"/> for a vector parameter; by default a copy of its initial value.</summary>
    public virtual Real[] OnVectorParam(Address local, Real[] init, IParameterConstraint? constraint, Machine m) => (Real[])init.Clone();

    /// <summary>
    /// The minibatch a subsampled plate named <paramref name="local"/> here runs (<paramref name="subsampleSize"/> of
    /// its <paramref name="size"/> indices), or null to run every index (the default; a <see cref="Handlers.Subsample"/>
    /// answers it from an <see cref="ISubsampler"/>).
    /// </summary>
    public virtual IReadOnlyList<int>? OnSubsample(Address local, int size, int subsampleSize, Machine m) => null;

    /// <summary>The generator fresh draws come from in this interpretation (a <see cref="Handlers.Seed"/>'s), or null.</summary>
    public virtual Rng? FreshRng => PriorRng;

    /// <summary>
    /// The first handler in the stack, from this one down, that implements <typeparamref name="TEffect"/> (an effect a
    /// backend defines, as the tensor backend's observations), or null: nodes ask the stack for their effect this way.
    /// </summary>
    public virtual TEffect? Find<TEffect>() where TEffect : class => this as TEffect;
}

/// <summary>The structures whose boundaries a handler can observe.</summary>
internal enum ScopeKind
{
    /// <summary>One element of a <c>Plate</c>: conditionally independent of the other elements.</summary>
    PlateElement,

    /// <summary>One step of a named <c>Fold</c>: depends on the previous steps only through the state.</summary>
    FoldStep,
}

/// <summary>The node a machine suspended at the end of a plate element or fold step: the value that scope returned.</summary>
internal interface IScopeExit
{
    /// <summary>The value the element or step returned, boxed.</summary>
    object? BoxedValue { get; }
}
