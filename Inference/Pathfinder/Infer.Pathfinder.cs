using Probabilistic.Inference.Diagnostics;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Pathfinder (Zhang, Carpenter, Gelman &amp; Vehtari 2022, "Pathfinder: parallel quasi-Newton variational inference",
    /// JMLR 23(306)) over a model's continuous choices, conditioned on <paramref name="observations"/>: each path runs
    /// L-BFGS on the unconstrained log density from a random point, forms the normal approximation N(μ, Σ) at every
    /// iterate from the L-BFGS inverse-Hessian factors, estimates each one's ELBO with
    /// <see cref="PathfinderOptions.NumElboDraws"/> draws and keeps the best one's draws. With
    /// <see cref="PathfinderOptions.NumPaths"/> &gt; 1 the paths run in parallel (path k depends only on (Seed, k)) and
    /// their draws are resampled by Pareto-smoothed importance weights (multi-path Pathfinder, as in the paper and Stan).
    /// </summary>
    /// <exception cref="ModelException">The model has no unobserved continuous choice or an unobserved discrete one, its
    /// density is not finite at any initial point, or no approximation along a path has a finite ELBO.</exception>
    /// <param name="model">The model.</param>
    /// <param name="observations">Values of the observed choices, or null.</param>
    /// <param name="options">The options (their defaults when null).</param>
    /// <param name="progress">Receives a report as each path finishes.</param>
    /// <param name="cancellationToken">Stops the paths (checked at each iterate of a path); a plain
    /// <see cref="OperationCanceledException"/> is thrown, as an unfinished path has no approximation.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named by the exception's parameter name).</exception>
    public static PathfinderResult Pathfinder<T>(Model<T> model, ChoiceMap? observations = null, PathfinderOptions? options = null,
        IProgress<PathfinderProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new PathfinderOptions();
        o.Validate();
        return UnnamedModelException.In("Pathfinder", () =>
        {
            var density = ModelDensity<T>.ForEntryPoint(model, observations, o.Seed);
            return Pathfinder(density, PosteriorColumns(density), (theta, x) => density.Constrain(theta, x), density.ConstrainedDimension, o, null, progress, cancellationToken);
        });
    }

    /// <summary>Pathfinder on a density given directly over ℝᵈ; the columns are <c>theta[1]</c> … <c>theta[d]</c>. See the model overload.</summary>
    /// <param name="target">The density (each path uses <see cref="IDifferentiableDensity.ForThread"/>).</param>
    /// <param name="options">The options.</param>
    /// <param name="initialPoint">Where every path starts, or null for uniform draws on (−InitRadius, InitRadius)ᵈ.</param>
    /// <param name="progress">Receives a report as each path finishes.</param>
    /// <param name="cancellationToken">Stops the paths (a plain <see cref="OperationCanceledException"/>).</param>
    public static PathfinderResult Pathfinder(IDifferentiableDensity target, PathfinderOptions? options = null, double[]? initialPoint = null,
        IProgress<PathfinderProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var o = options ?? new PathfinderOptions();
        o.Validate();
        if (target.Dimension <= 0) throw new ArgumentException($"Pathfinder: the target has dimension {target.Dimension}; it needs at least one coordinate.", nameof(target));
        if (initialPoint is not null && initialPoint.Length != target.Dimension)
            throw new ArgumentException($"Pathfinder: the initial point has {initialPoint.Length} coordinates; the target has {target.Dimension}.", nameof(initialPoint));
        var columns = Enumerable.Range(0, target.Dimension).Select(i => new PosteriorColumn($"theta[{i + 1}]", "theta", i)).ToList();
        return Pathfinder(target, columns, (theta, x) => theta.CopyTo(x), target.Dimension, o, initialPoint, progress, cancellationToken);
    }

    internal static List<PosteriorColumn> PosteriorColumns<T>(ModelDensity<T> density)
    {
        var columns = new List<PosteriorColumn>();
        foreach (var b in density.Blocks)
            for (int i = 0; i < b.ConstrainedLength; i++) columns.Add(new PosteriorColumn(b.ColumnName(i), b.Address, b.IsVector ? i : -1));
        return columns;
    }

    internal delegate void ConstrainMap(ReadOnlySpan<double> theta, Span<double> constrained);

    // The paths and their pooled draws; the options were validated by the entry point (Pathfinder's, or NUTS's for its initialization).
    internal static PathfinderResult Pathfinder(IDifferentiableDensity density, List<PosteriorColumn> columns, ConstrainMap constrain, int constrainedDimension,
        PathfinderOptions o, double[]? initialPoint, IProgress<PathfinderProgress>? progress, CancellationToken cancellationToken)
    {
        // Evaluators are made on this thread (ForThread promises one for another thread, not thread-safety of itself).
        var evaluators = new IDifferentiableDensity[o.NumPaths];
        for (int k = 0; k < evaluators.Length; k++) evaluators[k] = density.ForThread();
        var paths = new PathfinderPath[o.NumPaths];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        int completed = 0;
        var reporting = new object();
        ParallelRun.Invoke(() => Parallel.For(0, o.NumPaths, parallel, k =>
        {
            paths[k] = PathfinderPath.Run(evaluators[k], o, k, initialPoint, cancellationToken);
            if (progress is null) return;
            lock (reporting) progress.Report(new PathfinderProgress(k, ++completed, o.NumPaths, paths[k].Elbo.Count));
        }));

        var pooled = paths.SelectMany(p => p.Draws).ToArray();
        var logP = paths.SelectMany(p => p.LogDensity).ToArray();
        var logQ = paths.SelectMany(p => p.LogApproximateDensity).ToArray();
        var ratios = new double[pooled.Length];
        for (int i = 0; i < ratios.Length; i++) ratios[i] = logP[i] - logQ[i];
        var smoothed = ParetoSmoothing.Smooth(ratios);
        int[] chosen;
        if (o.NumPaths > 1 && o.PsisResample)
        {
            // Importance resampling with replacement by the smoothed weights (Zhang et al. 2022, multi-path Pathfinder; Stan's psis_resample).
            var weights = smoothed.NormalizedWeights();
            var cumulative = new double[weights.Length];
            double total = 0;
            for (int i = 0; i < weights.Length; i++) cumulative[i] = total += weights[i];
            var rng = new Rng(o.Seed, (ulong)o.NumPaths);
            chosen = new int[o.NumPsisDraws];
            for (int j = 0; j < chosen.Length; j++)
            {
                int at = Array.BinarySearch(cumulative, rng.NextDouble() * total);
                chosen[j] = Math.Min(at < 0 ? ~at : at, weights.Length - 1);
            }
        }
        else chosen = Enumerable.Range(0, pooled.Length).ToArray();

        var rows = new double[chosen.Length][];
        for (int j = 0; j < chosen.Length; j++)
        {
            rows[j] = new double[constrainedDimension];
            constrain(pooled[chosen[j]], rows[j]);
        }
        var posterior = new Posterior(columns, [rows], statistics: null, sampler: "Pathfinder");
        return new PathfinderResult(posterior, chosen.Select(i => pooled[i]).ToArray(), chosen.Select(i => logP[i]).ToArray(), chosen.Select(i => logQ[i]).ToArray(),
            smoothed.ParetoK, paths);
    }
}
