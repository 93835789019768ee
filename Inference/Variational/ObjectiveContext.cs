using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// What an objective evaluates with, on one numeric backend: draws from the guide with the current parameters, their
/// log joint under the model and its observations, the guide's log density at fixed values, and the score-function
/// terms of the choices whose gradient is estimated by REINFORCE. <see cref="Objective"/>s are written against this
/// class and <see cref="IDifferentiableScalar{TSelf}"/> only, so each runs on the scalar tape and on tensors.
/// </summary>
/// <typeparam name="TScalar">The backend's differentiable scalar.</typeparam>
public abstract class ObjectiveContext<TScalar> where TScalar : IDifferentiableScalar<TScalar>
{
    /// <summary>
    /// A fresh draw from the guide. Reparameterized choices carry their gradient in the values (and so in
    /// <see cref="LogJoint"/> and <see cref="GuideDraw{TScalar}.LogQ"/>); the others are recorded for <see cref="ScoreTerms"/>.
    /// A choice whose estimator branches (enumeration, measure-valued) is drawn at a value from its distribution (its
    /// nominal value, carrying no gradient): the gradient through its distribution is what <see cref="BranchTerms"/> adds,
    /// and an objective that draws such a choice must call it for the draw, or the estimate is rejected at its end
    /// (a <see cref="ModelException"/> naming the objective, the address and the estimator).
    /// </summary>
    public abstract GuideDraw<TScalar> Draw();

    /// <summary>log p(x, z) of a guide draw z under the model with its observations (differentiable in the model's
    /// parameters and, through reparameterized values, in the guide's).</summary>
    public abstract TScalar LogJoint(GuideDraw<TScalar> draw);

    /// <summary>
    /// log q(z; φ) of the guide at the values of <paramref name="draw"/> held fixed: differentiable in the guide's
    /// parameters only, not through the values (use it with <see cref="GuideDraw{TScalar}.Detached"/> draws).
    /// </summary>
    /// <exception cref="ModelException">The guide cannot evaluate its density at given values.</exception>
    public abstract TScalar LogQAt(GuideDraw<TScalar> draw);

    /// <summary>
    /// The score-function surrogate Σᵢ (f − bᵢ)·log qᵢ over the choices of <paramref name="draw"/> that use REINFORCE, for
    /// a reward f (the objective's estimate computed from this draw, <see cref="IDifferentiableScalar{TSelf}.Detach"/>ed):
    /// its gradient (f − bᵢ)∇log qᵢ is the REINFORCE estimate (Williams 1992; Ranganath, Gerrish, Blei 2014). With
    /// <paramref name="useBaseline"/>, bᵢ is a running average of f per address (decay 0.9), which keeps the estimate
    /// unbiased (E[∇ log q] = 0) and lowers its variance; without it bᵢ = 0, for objectives that put their own control
    /// variate in the reward (such as <see cref="Vimco"/>'s leave-one-out rewards).
    /// </summary>
    public abstract TScalar ScoreTerms(GuideDraw<TScalar> draw, TScalar reward, bool useBaseline = true);

    /// <summary>
    /// The branching choices (<see cref="GradientEstimator.Enumeration"/>, <see cref="GradientEstimator.MeasureValued"/>) that
    /// <paramref name="draw"/> made and whose <see cref="BranchTerms"/> are not formed yet; empty for most draws.
    /// </summary>
    public virtual IReadOnlyList<(Address Address, GradientEstimator Estimator)> BranchingChoices(GuideDraw<TScalar> draw) => [];

    /// <summary>
    /// The gradient through the distributions of the branching choices of <paramref name="draws"/>, for an objective whose
    /// estimate F is computed from these draws: a term of value 0 whose gradient is an unbiased estimate of that part of
    /// ∇E[F] (the rest flows through F's own tape dependence at the draws as drawn). For each draw k and each of its
    /// branching choices, F is re-evaluated (values only) with draw k continued from the choice at other values, the choices
    /// before it kept and those after it drawn fresh: <b>enumeration</b> sums Σᵥ ∇q(v)·F(v) over the choice's finite
    /// support; <b>measure-valued</b> adds c_θ(F(v⁺) − F(v⁻)) along each parameter θ from the distribution's
    /// <see cref="Distributions.IMeasureValued"/> decomposition. This holds for any F that is a function of the draws (an
    /// expectation under the guide being what the objective's gradient differentiates), so every Monte Carlo objective can
    /// use these estimators: <see cref="Elbo"/> (which nests them per branch, <see cref="ElboIntegrand"/>),
    /// <see cref="Iwelbo"/>, <see cref="Renyi"/>, <see cref="Vimco"/> and user-written objectives. It does not apply to
    /// objectives that do not differentiate the guide's sampling distribution (wake-sleep's guide update), which reject it.
    /// </summary>
    /// <param name="draws">The draws the estimate was computed from (those of this context's <see cref="Draw"/>).</param>
    /// <param name="valueWith">valueWith(k, d): the value of the objective's estimate with draws[k] replaced by d.</param>
    /// <returns>Zero on a backend or for draws without branching choices.</returns>
    public virtual TScalar BranchTerms(IReadOnlyList<GuideDraw<TScalar>> draws, Func<int, GuideDraw<TScalar>, double> valueWith) =>
        TScalar.FromDouble(0);

    /// <summary>Throws a <see cref="ModelException"/> naming <paramref name="objective"/> when an estimate drew a branching
    /// choice whose <see cref="BranchTerms"/> it did not form (called after each estimate by <see cref="Objective"/>).</summary>
    internal virtual void CheckBranchTermsFormed(string objective) { }

    /// <summary>
    /// One estimate of the ELBO integrand f = log p(x, z) − log q(z), z ~ q, as a surrogate whose gradient is an unbiased
    /// estimate of ∇E_q[f] (every guide choice by its own estimator, the branching ones included) and the estimate's value.
    /// </summary>
    public abstract (TScalar Surrogate, double Value) ElboIntegrand();

    /// <summary>
    /// Called by the fitting loop after each estimate. Running baselines are updated here rather than as they are read,
    /// so every score-function term of one estimate sees a baseline independent of that estimate's draws (which keeps
    /// it unbiased when draws share a reward).
    /// </summary>
    public virtual void EndEstimate() { }
}
