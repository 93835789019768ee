using static Probabilistic.RealMath;

namespace Probabilistic.Distributions;

/// <summary>
/// Stan's ordered transform from ℝᵏ onto the strictly increasing vectors of ℝᵏ:
/// x₁ = u₁, xᵢ = xᵢ₋₁ + exp(uᵢ) for i = 2 … k. The Jacobian is triangular with diagonal
/// (1, exp(u₂), …, exp(uₖ)), so log |det J| = Σᵢ₌₂ᵏ uᵢ; the inverse is u₁ = x₁,
/// uᵢ = log(xᵢ − xᵢ₋₁) (Stan Reference Manual, "Ordered vector").
/// </summary>
public sealed class OrderedBijector : Bijector
{
    /// <summary>The ordered transform on ℝᵏ, k ≥ 1.</summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public OrderedBijector(int k) => K = BijectorArguments.Dimension(nameof(OrderedBijector), k, 1);

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
        x[0] = u[0];
        for (int i = 1; i < u.Length; i++) x[i] = x[i - 1] + Exp(u[i]);
        return Sum(u[1..]);
    }

    /// <inheritdoc />
    public override void Inverse(ReadOnlySpan<double> x, Span<double> u)
    {
        BijectorArguments.Inverse(this, x.Length, u.Length);
        u[0] = x[0];
        for (int i = 1; i < x.Length; i++) u[i] = Math.Log(x[i] - x[i - 1]);
    }
}
