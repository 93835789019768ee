namespace Probabilistic.Inference;

/// <summary>Initial points (one per chain) and an initial inverse metric for HMC/NUTS from Pathfinder (<see cref="PathfinderInit"/>).</summary>
internal sealed record PathfinderStart(double[][] Points, double[]? InverseMetric, PathfinderResult Result)
{
    /// <summary>Runs Pathfinder on <paramref name="density"/> when the options ask for it; null otherwise. The options,
    /// Pathfinder's included, were validated by the entry point (<see cref="HamiltonianOptions.Validate"/>).</summary>
    public static PathfinderStart? Run(IDifferentiableDensity density, HamiltonianOptions o, CancellationToken cancellationToken)
    {
        if (o.Pathfinder is null) return null;
        // Initial points need far fewer draws than a posterior approximation: 100 per path, resampled to 100.
        var options = o.Pathfinder.Options ?? new PathfinderOptions { Seed = o.Seed, MaxDegreeOfParallelism = o.MaxDegreeOfParallelism, NumDraws = 100, NumPsisDraws = 100 };
        var columns = Enumerable.Range(0, density.Dimension).Select(i => new PosteriorColumn($"theta[{i + 1}]", "theta", i)).ToList();
        var result = Infer.Pathfinder(density, columns, (theta, x) => theta.CopyTo(x), density.Dimension, options, null, null, cancellationToken);
        // Distinct draws first (resampling with replacement repeats some); repeats only when there are fewer than chains.
        var distinct = result.UnconstrainedDraws.Distinct(ReferenceEqualityComparer.Instance).Cast<double[]>().ToArray();
        var points = new double[o.Chains][];
        for (int k = 0; k < points.Length; k++) points[k] = (double[])distinct[k % distinct.Length].Clone();
        double[]? metric = null;
        if (o.Pathfinder.InitialMetric && o.Metric != MetricKind.Unit)
        {
            var best = result.BestPath;
            if (o.Metric != MetricKind.Dense) metric = best.Variances();
            else
            {
                var cov = best.Covariance();
                int d = density.Dimension;
                metric = new double[d * d];
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) metric[i * d + j] = cov[i, j];
            }
        }
        return new PathfinderStart(points, metric, result);
    }
}
