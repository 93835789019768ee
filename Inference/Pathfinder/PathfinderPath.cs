namespace Probabilistic.Inference;

/// <summary>
/// One single-path Pathfinder run (Zhang, Carpenter, Gelman &amp; Vehtari 2022, JMLR 23): the L-BFGS path, the
/// normal approximation at each iterate with its ELBO estimate, the best one, and its draws on the unconstrained space.
/// </summary>
public sealed class PathfinderPath
{
    private readonly InverseHessianNormal _best;

    internal PathfinderPath(int path, IReadOnlyList<double[]> trajectory, double[] elbo, int bestIteration, InverseHessianNormal best, long evaluations, string termination,
        double[][] draws, double[] logDensity, double[] logApproximation)
    {
        Path = path;
        Trajectory = trajectory;
        Elbo = elbo;
        BestIteration = bestIteration;
        _best = best;
        GradientEvaluations = evaluations;
        Termination = termination;
        Draws = draws;
        LogDensity = logDensity;
        LogApproximateDensity = logApproximation;
    }

    /// <summary>The path's index (its generator stream).</summary>
    public int Path { get; }

    /// <summary>The L-BFGS iterates θ₀ (the random initial point), θ₁, …, θ_L on the unconstrained space.</summary>
    public IReadOnlyList<double[]> Trajectory { get; }

    /// <summary>The ELBO estimate of the normal approximation at iterates 1 … L (index l − 1); −∞ where it was not positive definite or a draw had log p = −∞.</summary>
    public IReadOnlyList<double> Elbo { get; }

    /// <summary>l*, the iterate whose approximation has the highest ELBO.</summary>
    public int BestIteration { get; }

    /// <summary>The highest ELBO estimate.</summary>
    public double BestElbo => Elbo[BestIteration - 1];

    /// <summary>The best approximation's mean μ on the unconstrained space.</summary>
    public IReadOnlyList<double> Mean => _best.Mean;

    /// <summary>The best approximation's covariance Σ (the L-BFGS inverse-Hessian estimate) as a dense matrix.</summary>
    public double[,] Covariance() => _best.Covariance();

    /// <summary>The diagonal of <see cref="Covariance"/>.</summary>
    public double[] Variances() => _best.Variances();

    /// <summary>Evaluations of log p and its gradient by this path: the L-BFGS path, the ELBO draws and the extra draws.</summary>
    public long GradientEvaluations { get; }

    /// <summary>Why L-BFGS stopped.</summary>
    public string Termination { get; }

    /// <summary>The draws from the best approximation on the unconstrained space [draw][coordinate].</summary>
    public IReadOnlyList<double[]> Draws { get; }

    /// <summary>log p of each draw (Stan's <c>lp__</c>, up to the density's constant).</summary>
    public IReadOnlyList<double> LogDensity { get; }

    /// <summary>log q of each draw under the best approximation (Stan's <c>lp_approx__</c>).</summary>
    public IReadOnlyList<double> LogApproximateDensity { get; }

    internal InverseHessianNormal Approximation => _best;

    /// <summary>Runs one path on <paramref name="density"/> (an evaluator this thread owns).</summary>
    internal static PathfinderPath Run(IDifferentiableDensity density, PathfinderOptions o, int path, double[]? initialPoint, CancellationToken cancellationToken)
    {
        var rng = new Rng(o.Seed, (ulong)path);
        var lbfgs = new LbfgsPath(density, o);
        int d = density.Dimension;
        var start = Initialize(lbfgs, d, o, rng, path, initialPoint);
        var iterates = lbfgs.Run(start);
        int iterations = iterates.Count - 1;
        if (iterations == 0)
            throw new ModelException($"Pathfinder: path {path}: L-BFGS made no step from its initial point ({lbfgs.Termination}); there is no approximation to choose.");

        var alpha = new double[d];
        Array.Fill(alpha, 1.0);
        var s = new List<double[]>();
        var z = new List<double[]>();
        var elbo = new double[iterations];
        var gradient = new double[d];
        InverseHessianNormal? best = null;
        int bestIteration = 0;
        double[][]? bestDraws = null;
        double[]? bestLogP = null, bestLogQ = null;
        for (int l = 1; l <= iterations; l++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sl = new double[d];
            var zl = new double[d];
            for (int i = 0; i < d; i++)
            {
                sl[i] = iterates[l].Theta[i] - iterates[l - 1].Theta[i];
                zl[i] = -(iterates[l].Gradient[i] - iterates[l - 1].Gradient[i]); // a difference of ∇(−log p)
            }
            double sz = LbfgsPath.Dot(sl, zl);
            if (sz > 2.2e-16 * LbfgsPath.Dot(zl, zl))
            {
                UpdateDiagonal(alpha, sl, zl, sz);
                if (s.Count == o.HistorySize) { s.RemoveAt(0); z.RemoveAt(0); }
                s.Add(sl);
                z.Add(zl);
            }
            var q = InverseHessianNormal.Create(iterates[l].Theta, iterates[l].Gradient, (double[])alpha.Clone(), s, z);
            if (q is null) { elbo[l - 1] = double.NegativeInfinity; continue; }
            var draws = new double[o.NumElboDraws][];
            var logP = new double[o.NumElboDraws];
            var logQ = new double[o.NumElboDraws];
            double sum = 0;
            for (int k = 0; k < draws.Length; k++)
            {
                draws[k] = new double[d];
                logQ[k] = q.Draw(rng, draws[k]);
                logP[k] = lbfgs.Evaluate(draws[k], gradient);
                sum += logP[k] - logQ[k];
            }
            elbo[l - 1] = double.IsNaN(sum) ? double.NegativeInfinity : sum / draws.Length;
            if (best is null || elbo[l - 1] > elbo[bestIteration - 1])
            {
                (best, bestIteration, bestDraws, bestLogP, bestLogQ) = (q, l, draws, logP, logQ);
            }
        }
        if (best is null || double.IsNegativeInfinity(elbo[bestIteration - 1]))
            throw new ModelException($"Pathfinder: path {path}: no normal approximation along the {iterations} L-BFGS iterates had a finite ELBO (each either was not positive definite or put draws where log p = −∞); L-BFGS stopped because {lbfgs.Termination}.");

        // The best approximation's ELBO draws are kept; more are drawn up to num_draws.
        var all = new double[o.NumDraws][];
        var lp = new double[o.NumDraws];
        var lq = new double[o.NumDraws];
        for (int k = 0; k < o.NumDraws; k++)
        {
            if (k < bestDraws!.Length)
            {
                (all[k], lp[k], lq[k]) = (bestDraws[k], bestLogP![k], bestLogQ![k]);
                continue;
            }
            all[k] = new double[d];
            lq[k] = best.Draw(rng, all[k]);
            lp[k] = lbfgs.Evaluate(all[k], gradient);
        }
        return new PathfinderPath(path, iterates.Select(it => it.Theta).ToArray(), elbo, bestIteration, best, lbfgs.Evaluations, lbfgs.Termination, all, lp, lq);
    }

    /// <summary>
    /// The diagonal update of Zhang et al. (2022, Alg. 3): the diagonal of one BFGS update of the Hessian estimate
    /// diag(α)⁻¹, rescaled: 1/α' = (zᵀαz)/(zᵀs α) + z²/(zᵀs) − (zᵀαz) s²/((zᵀs)(sᵀα⁻¹s) α²), elementwise. An update that
    /// would leave a non-positive or non-finite entry is skipped.
    /// </summary>
    private static void UpdateDiagonal(double[] alpha, double[] s, double[] z, double sz)
    {
        int d = alpha.Length;
        double a = 0, c = 0;
        for (int i = 0; i < d; i++) { a += z[i] * alpha[i] * z[i]; c += s[i] * s[i] / alpha[i]; }
        var next = new double[d];
        for (int i = 0; i < d; i++)
        {
            double inverse = a / (sz * alpha[i]) + z[i] * z[i] / sz - a * s[i] * s[i] / (sz * c * alpha[i] * alpha[i]);
            next[i] = 1 / inverse;
            if (!(next[i] > 0) || !double.IsFinite(next[i])) return;
        }
        next.CopyTo(alpha, 0);
    }

    private static LbfgsIterate Initialize(LbfgsPath lbfgs, int d, PathfinderOptions o, Rng rng, int path, double[]? initialPoint)
    {
        var gradient = new double[d];
        if (initialPoint is not null)
        {
            double lp = lbfgs.Evaluate(initialPoint, gradient);
            if (!double.IsFinite(lp))
                throw new ModelException($"Pathfinder: path {path}: the log density or its gradient is not finite at the given initial point (log p = {lp}).");
            return new LbfgsIterate((double[])initialPoint.Clone(), lp, gradient);
        }
        for (int attempt = 0; attempt < o.InitAttempts; attempt++)
        {
            var theta = new double[d];
            for (int i = 0; i < d; i++) theta[i] = o.InitRadius * (2 * rng.NextDouble() - 1);
            double lp = lbfgs.Evaluate(theta, gradient);
            if (double.IsFinite(lp)) return new LbfgsIterate(theta, lp, gradient);
        }
        throw new ModelException($"Pathfinder: path {path}: the log density or its gradient was not finite at any of {o.InitAttempts} initial points drawn uniformly from " +
            $"(−{o.InitRadius}, {o.InitRadius}) on the unconstrained space; check the model's supports and priors.");
    }
}
