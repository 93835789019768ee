namespace Probabilistic.Inference;

/// <summary>
/// Options of <see cref="Infer.Gibbs{T}"/>: the HMC/NUTS settings of the continuous block (its warmup counts
/// sweeps), and how the discrete choices are updated.
/// </summary>
public sealed record GibbsOptions
{
    /// <summary>The kernel of the continuous choices (NUTS by default; an <see cref="HmcOptions"/> for static HMC). Its Chains, Warmup, Draws, Thin and Seed are the Gibbs run's.</summary>
    public HamiltonianOptions Continuous { get; init; } = new NutsOptions();
}
