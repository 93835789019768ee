using static Probabilistic.RealMath;

namespace Probabilistic.Distributions;

/// <summary>
/// Stan's stick-breaking transform from ℝᴷ⁻¹ onto the open unit K-simplex
/// {x ∈ (0, 1)ᴷ : Σ xₖ = 1} (Stan Reference Manual, "Unit simplex"). For k = 1 … K−1,
/// <list type="bullet">
/// <item>aₖ = uₖ − log(K − k), so that u = 0 maps to the centre (1/K, …, 1/K);</item>
/// <item>zₖ = σ(aₖ), the fraction of the remaining stick that is broken off (σ the logistic function);</item>
/// <item>xₖ = (1 − Σⱼ₌₁ᵏ⁻¹ xⱼ) zₖ; and x_K = 1 − Σₖ₌₁ᴷ⁻¹ xₖ.</item>
/// </list>
/// The Jacobian of u ↦ (x₁, …, x_{K−1}) is triangular with diagonal zₖ(1 − zₖ)(1 − Σⱼ₌₁ᵏ⁻¹ xⱼ), so
/// log |det J| = Σₖ log zₖ + log(1 − zₖ) + log(1 − Σⱼ₌₁ᵏ⁻¹ xⱼ). As 1 − Σⱼ₌₁ᵏ⁻¹ xⱼ = Πⱼ₌₁ᵏ⁻¹ (1 − zⱼ),
/// this is computed as Σₖ log σ(aₖ) + (K − k) log σ(−aₖ), and the remaining stick as a product
/// (never as 1 minus a sum), which keeps relative accuracy when pieces are small.
/// </summary>
/// <remarks>For K = 1 the simplex is the single point (1) and there are no unconstrained coordinates.</remarks>
public sealed class StickBreakingBijector : Bijector
{
    // _offsets[k] = log(K − 1 − k) for the 0-based index k = 0 … K−2 (log(K − k) for Stan's 1-based k).
    private readonly double[] _offsets;

    /// <summary>The stick-breaking transform onto the K-simplex, K ≥ 1.</summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public StickBreakingBijector(int k)
    {
        K = BijectorArguments.Dimension(nameof(StickBreakingBijector), k, 1);
        _offsets = new double[K - 1];
        for (int i = 0; i < _offsets.Length; i++) _offsets[i] = Math.Log(K - 1 - i);
    }

    /// <summary>The number of coordinates K of a point of the simplex.</summary>
    public int K { get; }

    /// <inheritdoc />
    public override int UnconstrainedDimension => K - 1;

    /// <inheritdoc />
    public override int ConstrainedDimension => K;

    /// <inheritdoc />
    public override Real Forward(ReadOnlySpan<Real> u, Span<Real> x)
    {
        BijectorArguments.Forward(this, u.Length, x.Length);
        Real stick = 1.0; // 1 − Σⱼ<ₖ xⱼ = Πⱼ<ₖ σ(−aⱼ)
        Real logJ = 0.0;
        for (int k = 0; k < u.Length; k++)
        {
            Real a = u[k] - _offsets[k];
            Real minusA = -a;
            logJ = logJ + LogLogistic(a) + (K - 1 - k) * LogLogistic(minusA);
            x[k] = stick * Logistic(a);
            stick = stick * Logistic(minusA);
        }
        x[K - 1] = stick;
        return logJ;
    }

    /// <summary>
    /// uₖ = logit(zₖ) + log(K − k) with zₖ = xₖ / Σⱼ₌ₖᴷ xⱼ, i.e. uₖ = log xₖ − log Σⱼ₌ₖ₊₁ᴷ xⱼ + log(K − k).
    /// The remaining stick is the sum of the remaining pieces, summed from the end, so no
    /// cancellation occurs. (A point whose coordinates do not sum exactly to 1 is treated as
    /// x / Σ x.)
    /// </summary>
    public override void Inverse(ReadOnlySpan<double> x, Span<double> u)
    {
        BijectorArguments.Inverse(this, x.Length, u.Length);
        double tail = x[K - 1]; // Σⱼ>ₖ xⱼ
        for (int k = K - 2; k >= 0; k--)
        {
            u[k] = Math.Log(x[k]) - Math.Log(tail) + _offsets[k];
            tail += x[k];
        }
    }
}
