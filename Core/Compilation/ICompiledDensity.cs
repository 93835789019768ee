namespace Probabilistic.Compilation;

/// <summary>
/// The generated log density of a <see cref="CompiledAttribute"/> model over its unconstrained coordinates θ (issue #15):
/// straight-line code that maps each coordinate through the bijector of its choice's support onto the support, adds
/// log |det J| and the choice's log density, and adds every observation's and factor's log density — loops for
/// <c>Plate</c> and <c>Fold</c>, no interpreter, handler or dictionary (Stan Reference Manual, "Constraint transforms";
/// Carpenter et al. 2017, §3). Its coordinates are laid out as the interpreted density lays them out: one per scalar
/// continuous choice, in visiting order (<see cref="Addresses"/>), each through the same bijector, the terms added in the
/// interpreter's order, so the value and the tape it records are the interpreter's. The generator emits it only for models
/// whose latent choices are all scalar and continuous; the instance is stateless (one may serve every thread).
/// </summary>
public interface ICompiledDensity
{
    /// <summary>The address of the choice of each coordinate of θ, in visiting order (a plate's elements <c>name/i</c>, a fold's step t under <c>name/t</c>).</summary>
    IReadOnlyList<Address> Addresses();

    /// <summary>
    /// log p(T(θ)) + log |det J_T(θ)|, recorded on the tape of <paramref name="theta"/>'s variables when they carry one.
    /// Each choice's constrained value is written to <paramref name="constrained"/> (same index as its coordinate) unless it
    /// is empty.
    /// </summary>
    /// <param name="theta">The unconstrained coordinates, as many as <see cref="Addresses"/>.</param>
    /// <param name="constrained">Receives the constrained values, or empty.</param>
    /// <exception cref="ArgumentException">A distribution rejected its parameters (the density is −∞ there), with the
    /// distribution's own message.</exception>
    /// <exception cref="ModelException">An observation or factor gave a NaN or +∞ log weight.</exception>
    Real LogDensity(ReadOnlySpan<Real> theta, Span<double> constrained);
}
