namespace Probabilistic.Inference;

/// <summary>
/// Pathfinder initialization for NUTS and HMC (<see cref="HamiltonianOptions.Pathfinder"/>): multi-path Pathfinder runs
/// first on the same density; chain k starts at a distinct Pathfinder draw, and the metric starts from the best path's
/// inverse-Hessian estimate (its diagonal, or all of it for a dense metric) before warmup adapts it (Zhang, Carpenter, Gelman
/// &amp; Vehtari 2022, who propose Pathfinder's draws as MCMC initial points).
/// </summary>
public sealed record PathfinderInit
{
    /// <summary>Pathfinder with its default options, seeded by the sampler's seed, and the initial metric.</summary>
    public static PathfinderInit Default { get; } = new();

    /// <summary>
    /// Pathfinder's options; null for the defaults with 100 draws per path and 100 resampled draws (initial points need no
    /// more), the sampler's <see cref="McmcOptions.Seed"/> and <see cref="McmcOptions.MaxDegreeOfParallelism"/>.
    /// </summary>
    public PathfinderOptions? Options { get; init; }

    /// <summary>Whether the metric starts from Pathfinder's inverse-Hessian estimate (true) or from the identity.</summary>
    public bool InitialMetric { get; init; } = true;

    /// <summary>
    /// Whether warmup goes on to re-estimate the metric in Stan's windows (true, the default, as Stan does with a given
    /// inverse metric) or keeps Pathfinder's (false: warmup tunes only the step size, so a short warmup suffices where the
    /// inverse Hessian is a good metric; on posteriordb's sblrc-blr, 25 warmup iterations then reach R-hat &lt; 1.01, where
    /// re-estimating from short windows needs 500, see <c>Benchmarks -- pathfinder</c>).
    /// </summary>
    public bool AdaptMetric { get; init; } = true;
}
