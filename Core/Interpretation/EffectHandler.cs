namespace Probabilistic;

/// <summary>
/// A handler users write (NumPyro's <c>Messenger</c>, cut to what a program's effects expose publicly): installed on a
/// sub-program with <see cref="ModelLinq.Handle{T}"/>, it sits on top of the interpretation that runs the program, sees
/// each choice after the handlers below it made it, and passes each score on, possibly changed (tempering, masking).
/// Override only what the handler's job needs; the defaults pass everything on unchanged.
/// </summary>
/// <remarks>
/// One instance serves every run of the wrapped model, and a suspended run may be resumed more than once (particles
/// share their past), so state kept in the handler (a count) sums over all of them.
/// </remarks>
public abstract class EffectHandler
{
    /// <summary>A choice was made (its address, distribution, value and log density); nothing by default.</summary>
    public virtual void OnChoice(Choice choice) { }

    /// <summary>
    /// A score (an observation's log density when <paramref name="isObservation"/>, else a factor) on its way to the
    /// interpretation; returns the log weight passed on (by default <paramref name="logWeight"/> itself).
    /// </summary>
    public virtual Real OnScore(Real logWeight, Address? address, bool isObservation) => logWeight;
}
