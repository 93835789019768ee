using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The evidence lower bound E_q[log p(x, z) − log q(z)] ≤ log p(x), each estimate from one draw, averaged over
/// <see cref="Objective.Particles"/> draws per step (Jordan et al. 1999; Ranganath, Gerrish, Blei 2014 for the
/// score-function part). With the branching estimators <see cref="GradientEstimator.Enumeration"/> and
/// <see cref="GradientEstimator.MeasureValued"/> each particle evaluates the rest of the guide and the model once per
/// branch of such a choice, nested (see <c>ObjectiveContext.ElboIntegrand</c> for the surrogate and its derivation):
/// enumeration then gives the exact sum over the choice in the value as well as in the gradient.
/// </summary>
/// <param name="Particles">Draws averaged per step (the base <see cref="Objective.Particles"/>).</param>
public sealed record Elbo(int Particles = 1) : Objective(Particles)
{
    /// <inheritdoc />
    public override string Name => Particles == 1 ? "ELBO" : $"ELBO({Particles})";

    /// <inheritdoc />
    public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ElboIntegrand();
    }
}
