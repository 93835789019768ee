namespace Probabilistic.Inference;

/// <summary>
/// A target density over ℝᵈ with its gradient, θ ↦ (log p(θ), ∇ log p(θ)), up to an additive constant:
/// what HMC and NUTS consume (Stan's <c>log_prob</c> with Jacobian adjustment; Betancourt 2017,
/// "A Conceptual Introduction to Hamiltonian Monte Carlo", §2). A model becomes one with
/// <see cref="ModelDensity{T}"/>; analytic targets implement it directly.
/// </summary>
/// <remarks>An instance may hold scratch state (a tape): use it from one thread at a time, and call
/// <see cref="ForThread"/> for each further thread or chain.</remarks>
public interface IDifferentiableDensity
{
    /// <summary>d, the number of coordinates of θ.</summary>
    int Dimension { get; }

    /// <summary>
    /// log p(θ), writing ∇ log p(θ) into <paramref name="gradient"/>. A θ outside the density's domain
    /// gives −∞ (or NaN, which samplers treat as −∞); that is not an error.
    /// </summary>
    double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient);

    /// <summary>An evaluator of the same density that another thread may use concurrently with this one.</summary>
    IDifferentiableDensity ForThread();
}
