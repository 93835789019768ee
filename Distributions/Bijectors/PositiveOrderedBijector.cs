using static Probabilistic.RealMath;

namespace Probabilistic.Distributions;

/// <summary>
/// Stan's positive-ordered transform from ℝᵏ onto the strictly increasing vectors of (0, ∞)ᵏ:
/// x₁ = exp(u₁), xᵢ = xᵢ₋₁ + exp(uᵢ) for i = 2 … k. The Jacobian is triangular with diagonal
/// (exp(u₁), …, exp(uₖ)), so log |det J| = Σᵢ uᵢ; the inverse is u₁ = log x₁,
/// uᵢ = log(xᵢ − xᵢ₋₁) (Stan Reference Manual, "Positive ordered vector").
/// </summary>
public sealed class PositiveOrderedBijector : Bijector
{
    /// <summary>The positive-ordered transform on ℝᵏ, k ≥ 1.</summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public PositiveOrderedBijector(int k) => K = BijectorArguments.Dimension(nameof(PositiveOrderedBijector), k, 1);

    /// <summary>The number of coordinates k.</summary>
    public int K { get; }

    /// <inheritdoc />
    public override int UnconstrainedDimension => K;

    /// <inheritdoc />
    public override int ConstrainedDimension => K;

    /// <inheritdoc />
    public override Real Forward(ReadOnlySpan<Real> u, Span<Real> x)
    {
        BijectorArguments.Forward(this, u.Length, x.Length);
        x[0] = Exp(u[0]);
        for (int i = 1; i < u.Length; i++) x[i] = x[i - 1] + Exp(u[i]);
        return Sum(u);
    }

    /// <inheritdoc />
    public override void Inverse(ReadOnlySpan<double> x, Span<double> u)
    {
        BijectorArguments.Inverse(this, x.Length, u.Length);
        u[0] = Math.Log(x[0]);
        for (int i = 1; i < x.Length; i++) u[i] = Math.Log(x[i] - x[i - 1]);
    }
}
