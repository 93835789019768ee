using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Inference;

/// <summary>
/// The result of Pathfinder: its draws in the <see cref="Posterior"/> shape that MCMC returns (one chain, constrained
/// values), the Pareto k̂ of their importance ratios log p − log q (Vehtari et al. 2024; k̂ above
/// <see cref="ParetoSmoothing.KThreshold"/> says the normal approximations miss the posterior), the log-density
/// evaluations spent, and each single path with its best normal approximation.
/// </summary>
public sealed class PathfinderResult
{
    internal PathfinderResult(Posterior draws, double[][] unconstrained, double[] logDensity, double[] logApproximation, double paretoK, PathfinderPath[] paths)
    {
        Draws = draws;
        UnconstrainedDraws = unconstrained;
        LogDensity = logDensity;
        LogApproximateDensity = logApproximation;
        ParetoK = paretoK;
        Paths = paths;
    }

    /// <summary>The draws, constrained, as a one-chain posterior whose sampler is <c>Pathfinder</c>: by name or address as MCMC's.</summary>
    public Posterior Draws { get; }

    /// <summary>The same draws on the unconstrained space [draw][coordinate] (what a sampler over the density sees).</summary>
    public IReadOnlyList<double[]> UnconstrainedDraws { get; }

    /// <summary>log p of each draw (up to the density's constant; Stan's <c>lp__</c>).</summary>
    public IReadOnlyList<double> LogDensity { get; }

    /// <summary>log q of each draw under the approximation of the path that drew it (Stan's <c>lp_approx__</c>).</summary>
    public IReadOnlyList<double> LogApproximateDensity { get; }

    /// <summary>
    /// k̂ of the Pareto-smoothed importance ratios p/q of every path's draws pooled (of the one path's draws for single-path
    /// Pathfinder): up to <see cref="ParetoSmoothing.KThreshold"/> (0.7 for large samples) importance-weighted estimates are
    /// reliable; larger values mean the approximation is far from the posterior.
    /// </summary>
    public double ParetoK { get; }

    /// <summary>The single paths, in order of their generator streams.</summary>
    public IReadOnlyList<PathfinderPath> Paths { get; }

    /// <summary>The path whose best approximation has the highest ELBO.</summary>
    public PathfinderPath BestPath => Paths.MaxBy(p => p.BestElbo)!;

    /// <summary>Evaluations of log p and its gradient over all paths (L-BFGS, ELBO estimates and draws).</summary>
    public long GradientEvaluations => Paths.Sum(p => p.GradientEvaluations);
}
