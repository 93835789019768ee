namespace Probabilistic;

/// <summary>The result of <see cref="IGenerativeFunction{T}.Update"/>.</summary>
/// <param name="Trace">The new trace t'.</param>
/// <param name="Weight">log p(t') − log p(t) − Σ_{fresh x ∈ t'} log p(x).</param>
/// <param name="Discard">The previous values that t' no longer holds: overwritten constraints and choices t' does not visit.</param>
public readonly record struct UpdateResult<T>(Trace<T> Trace, double Weight, ChoiceMap Discard);

/// <summary>
/// The generative function interface (after Gen: Cusumano-Towner, Saad, Lew &amp; Mansinghka,
/// "Gen: a general-purpose probabilistic programming system with programmable inference", PLDI 2019,
/// and Gen.jl's <c>gen_fn_interface.jl</c>). Programmable inference (MH with custom proposals, SMC
/// rejuvenation, PMMH, particle Gibbs) is written against these operations only.
/// Notation: p(t) is the joint density of trace t (choices and observations), p(x) the density
/// of one choice under its distribution in the trace where it is made; weights are natural logs.
/// </summary>
/// <typeparam name="T">The return type.</typeparam>
public interface IGenerativeFunction<T>
{
    /// <summary>
    /// Runs the program with every choice drawn from its prior: t ~ p(·). The trace holds
    /// log p(t) = <see cref="Trace{T}.LogJoint"/>.
    /// </summary>
    Trace<T> Simulate(Rng rng);

    /// <summary>
    /// Runs the program with the choices named in σ fixed to σ's values and the others drawn from the prior.
    /// Weight: w = log p(t) − Σ_{x ∉ σ} log p(x) = Σ_{x ∈ σ} log p(x) + Σ observations and factors.
    /// Every address of σ must be visited. A value outside its support gives w = −∞, not an error.
    /// </summary>
    (Trace<T> Trace, double Weight) Generate(ChoiceMap constraints, Rng rng);

    /// <summary>
    /// log p(t) for the complete choice map <paramref name="choices"/>: every visited choice must be
    /// given, and every given choice must be visited.
    /// </summary>
    double Assess(ChoiceMap choices);

    /// <summary>
    /// Runs this program (which may differ from the one that made <paramref name="trace"/>) with the
    /// choices in σ set to σ's values, the other choices of t kept where visited, and new choices drawn
    /// from the prior. Weight: w = log p(t') − log p(t) − Σ_{fresh x ∈ t'} log p(x); undefined (NaN)
    /// when p(t) = 0, as in Gen.
    /// </summary>
    UpdateResult<T> Update(Trace<T> trace, ChoiceMap constraints, Rng rng);

    /// <summary>
    /// Redraws the selected choices of t (and any choice t lacks) from the prior, keeping the others.
    /// Weight: w = log [p(t') q(t | t')] − log [p(t) q(t' | t)] where q draws the selected and new
    /// choices from the prior; it equals Σ_{kept x} [log p'(x) − log p(x)] + Σ observations′ − Σ observations.
    /// Metropolis–Hastings with this proposal accepts with probability min(1, exp w).
    /// </summary>
    (Trace<T> Trace, double Weight) Regenerate(Trace<T> trace, Selection selection, Rng rng);
}
