namespace Probabilistic.Distributions;

/// <summary>T(u) = u on ℝᵏ; log |det J_T| = 0 (Stan's unconstrained <c>vector[K]</c>).</summary>
public sealed class IdentityVectorBijector : Bijector
{
    /// <summary>The identity on ℝᵏ, k ≥ 1.</summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public IdentityVectorBijector(int k) => K = BijectorArguments.Dimension(nameof(IdentityVectorBijector), k, 1);

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
        u.CopyTo(x);
        return 0.0;
    }

    /// <inheritdoc />
    public override void Inverse(ReadOnlySpan<double> x, Span<double> u)
    {
        BijectorArguments.Inverse(this, x.Length, u.Length);
        x.CopyTo(u);
    }
}
