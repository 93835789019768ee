namespace Probabilistic.Distributions;

/// <summary>
/// A distribution that supplies its measure-valued derivatives (weak derivatives; Pflug 1989; Mohamed, Rosca, Figurnov,
/// Mnih 2020, JMLR 21(132), §6 and Table 1): for each parameter θ, a decomposition ∂p_θ/∂θ = c_θ(p⁺ − p⁻) into a constant
/// and two probability measures, so that ∂/∂θ E_{p_θ}[g] = c_θ(E_{p⁺}[g] − E_{p⁻}[g]) for any integrable g. A variational
/// objective's <c>MeasureValued</c> gradient estimator evaluates g at one value drawn from p⁺ and one from p⁻ per
/// parameter, whatever the objective (see <c>GradientEstimator.MeasureValued</c>). Implemented next to the distribution's
/// <c>LogProb</c>; enumeration needs no such decomposition (it sums over <see cref="IFiniteDistribution{T}"/>'s support).
/// </summary>
public interface IMeasureValued
{
    /// <summary>
    /// One term per parameter of the distribution, in a fixed order, each with its value from p⁺ and (unless p⁻ is a
    /// point mass at no value, or the distribution itself) from p⁻ drawn with <paramref name="rng"/>. The terms are
    /// produced lazily: a caller evaluates a term's branches before asking for the next, so each term's draws come after
    /// the previous term's evaluations in <paramref name="rng"/>'s stream.
    /// </summary>
    /// <param name="nominal">The value drawn from the distribution itself (for decompositions whose p⁻ is p, or shifts it).</param>
    /// <param name="rng">The source of the values drawn from p⁺ and p⁻.</param>
    IEnumerable<WeakDerivative> WeakDerivatives(object nominal, Rng rng);
}

/// <summary>Where a <see cref="WeakDerivative"/>'s negative part p⁻ puts its value.</summary>
public enum NegativePart
{
    /// <summary>p⁻ contributes nothing: ∂/∂θ E[g] = c_θ·E_{p⁺}[g] (Categorical's ∂/∂πₖ = g(k)).</summary>
    None,

    /// <summary>p⁻ is the distribution itself: the nominal value's g estimates E_{p⁻}[g] (Normal's σ, Poisson's λ).</summary>
    Nominal,

    /// <summary>p⁻ is another measure, sampled at <see cref="WeakDerivative.Negative"/>.</summary>
    Value,
}

/// <summary>
/// One parameter's measure-valued derivative: ∂/∂θ E_{p_θ}[g] ≈ <see cref="Constant"/>·(g(<see cref="Positive"/>) − g(negative)),
/// the negative value chosen by <see cref="NegativeKind"/>. <see cref="Parameter"/> is the parameter as the distribution
/// holds it (a tape value when it depends on variational parameters), through which the derivative reaches them.
/// </summary>
/// <param name="Parameter">θ.</param>
/// <param name="Constant">c_θ.</param>
/// <param name="Positive">A value drawn from p⁺ (boxed as the distribution's values are: bool, int, <see cref="Real"/>).</param>
/// <param name="NegativeKind">Where p⁻'s value comes from.</param>
/// <param name="Negative">A value drawn from p⁻ when <paramref name="NegativeKind"/> is <see cref="NegativePart.Value"/>, else null.</param>
public readonly record struct WeakDerivative(Real Parameter, double Constant, object Positive, NegativePart NegativeKind, object? Negative = null);
