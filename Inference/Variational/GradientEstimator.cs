namespace Probabilistic.Inference.Variational;

/// <summary>
/// How the gradient of an expectation over one random choice of a guide is estimated (genjax.vi / ADEV's
/// per-choice strategies; Mohamed, Rosca, Figurnov, Mnih 2020, "Monte Carlo gradient estimation in machine learning").
/// </summary>
public enum GradientEstimator
{
    /// <summary>Chosen from the distribution: reparameterization when it has a reparameterized sampler, else the score function.</summary>
    Default,

    /// <summary>Pathwise: the value is a differentiable function of the parameters and independent noise (Kingma &amp; Welling 2014).</summary>
    Reparameterization,

    /// <summary>The score function, ∇E[f] = E[f ∇log q], with a running-average baseline (Williams 1992; Ranganath et al. 2014).</summary>
    Reinforce,

    /// <summary>
    /// Exact enumeration of a finite discrete choice (an <c>IFiniteDistribution</c>): E_q[f] = Σᵥ q(v)·E[f | v], each branch
    /// continuing the guide from that choice with the choices before it kept and those after it drawn fresh, so the sum over
    /// the choice is exact and its gradient Σᵥ ∇q(v)·f_v + q(v)·∇f_v carries no score-function noise (Pyro's
    /// <c>TraceEnum_ELBO</c>; ADEV's enumeration, Lew et al., POPL 2023). Valid for every objective that differentiates an
    /// expectation under the guide: <see cref="Elbo"/> (nested per branch: the value is exact too), <see cref="Iwelbo"/>,
    /// <see cref="Renyi"/>, <see cref="Vimco"/> and custom objectives that call <c>ObjectiveContext.BranchTerms</c> (Σᵥ ∇q(v)·F(v)
    /// per draw). Invalid for <see cref="WakeP"/>, <see cref="WakeQ"/> and <see cref="ReweightedWakeSleep"/>, whose updates hold
    /// the draws fixed (they never differentiate the sampling distribution), and for an objective that draws the choice
    /// without forming its branch terms: both are a <see cref="ModelException"/> naming the objective, address and estimator.
    /// </summary>
    Enumeration,

    /// <summary>
    /// Measure-valued derivatives (Pflug 1989; Mohamed, Rosca, Figurnov, Mnih 2020, JMLR 21(132), §6 and Table 1): the
    /// derivative of E_q[f] with respect to a parameter θ of the choice's distribution is c_θ·(E_{q⁺}[f] − E_{q⁻}[f]) for a
    /// decomposition ∂q/∂θ = c_θ(q⁺ − q⁻), each expectation estimated on a branch of the guide (the choices before kept, those
    /// after drawn fresh). Implemented for Bernoulli (f(1) − f(0)), Categorical (∂/∂πₖ = f(k)), Poisson (f(N+1) − f(N)) and
    /// Normal (μ: c = 1/(σ√2π), μ ± σ·Rayleigh; σ: c = 1/σ, double-sided Maxwell against the Normal itself), each supplied by the
    /// distribution (<c>Distributions.IMeasureValued</c>). Valid for the same objectives as <see cref="Enumeration"/>, for the
    /// same reason: the decomposition holds for the expectation of any integrand, here the objective's estimate.
    /// </summary>
    MeasureValued,
}
