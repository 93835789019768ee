using Probabilistic.Syntax;

namespace Probabilistic.Interpretation;

/// <summary>
/// What an interpretation does at each effect of a program (in the spirit of NumPyro's
/// <c>Messenger</c>): one small class per interpretation (simulate, generate, assess, update,
/// regenerate, enumerate, a particle's step). The machine calls it; it never walks the program.
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
    /// True when the handler wants each observation's distribution and value (<see cref="OnObserve"/>), as predictive
    /// simulation does to draw replicated data; false (the default) keeps observations to one score each.
    /// </summary>
    public virtual bool ObservesDistributions => false;

    /// <summary>
    /// Called, when <see cref="ObservesDistributions"/> is true, at each observation just before its score reaches
    /// <see cref="OnScore"/>, with its distribution, observed value and resolved address (null when unnamed).
    /// </summary>
    public virtual void OnObserve<T>(IDistribution<T> distribution, T value, Address? address) { }
}
