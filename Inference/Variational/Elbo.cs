using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The evidence lower bound E_q[log p(x, z) − log q(z)] ≤ log p(x), estimated with <see cref="Particles"/> draws
/// (Jordan et al. 1999; Ranganath, Gerrish, Blei 2014 for the score-function part). The only built-in objective that supports
/// the branching estimators <see cref="GradientEstimator.Enumeration"/> and <see cref="GradientEstimator.MeasureValued"/>:
/// each particle evaluates the rest of the guide and the model once per branch of such a choice (see
/// <c>ObjectiveContext.ElboIntegrand</c> for the surrogate and its derivation).
/// </summary>
/// <param name="Particles">Draws per estimate (averaged).</param>
public sealed record Elbo(int Particles = 1) : Objective
{
    /// <inheritdoc />
    public override string Name => Particles == 1 ? "ELBO" : $"ELBO({Particles})";

    /// <inheritdoc />
    public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
    {
        if (Particles < 1) throw new ArgumentOutOfRangeException(nameof(Particles), Particles, "Elbo: Particles must be at least 1.");
        ArgumentNullException.ThrowIfNull(context);
        var surrogate = TScalar.FromDouble(0);
        double value = 0;
        for (int n = 0; n < Particles; n++)
        {
            var (s, f) = context.ElboIntegrand();
            surrogate += s;
            value += f;
        }
        return (surrogate / Particles, value / Particles);
    }
}
