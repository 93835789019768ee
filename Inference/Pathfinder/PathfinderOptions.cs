namespace Probabilistic.Inference;

/// <summary>
/// Options of <see cref="Infer.Pathfinder{T}(Model{T}, ChoiceMap?, PathfinderOptions?, IProgress{PathfinderProgress}?, CancellationToken)"/>, named and
/// defaulted as CmdStan's <c>pathfinder</c> arguments (<c>history_size</c>, <c>num_paths</c>, <c>num_draws</c>,
/// <c>num_psis_draws</c>, <c>num_elbo_draws</c>, <c>max_lbfgs_iters</c>, <c>init_alpha</c> and the <c>tol_*</c> tolerances),
/// except <see cref="HistorySize"/>, which defaults to the paper's J = 6 (Stan's is 5).
/// </summary>
public sealed record PathfinderOptions
{
    /// <summary>J, the number of L-BFGS correction pairs kept and used for each normal approximation (<c>history_size</c>).</summary>
    public int HistorySize { get; init; } = 6;

    /// <summary>Independent single-path runs whose draws are importance-resampled together (<c>num_paths</c>); 1 runs single-path Pathfinder.</summary>
    public int NumPaths { get; init; } = 4;

    /// <summary>Draws from each path's best normal approximation (<c>num_draws</c>).</summary>
    public int NumDraws { get; init; } = 1000;

    /// <summary>Draws returned by multi-path Pathfinder after Pareto-smoothed importance resampling (<c>num_psis_draws</c>).</summary>
    public int NumPsisDraws { get; init; } = 1000;

    /// <summary>K, the Monte Carlo draws estimating each iterate's ELBO (<c>num_elbo_draws</c>).</summary>
    public int NumElboDraws { get; init; } = 25;

    /// <summary>The most L-BFGS iterations per path (<c>max_lbfgs_iters</c>).</summary>
    public int MaxLbfgsIters { get; init; } = 1000;

    /// <summary>The first line search's trial step length along the gradient (<c>init_alpha</c>).</summary>
    public double InitAlpha { get; init; } = 1e-3;

    /// <summary>Stop when log p changes by less than this between iterations (<c>tol_obj</c>).</summary>
    public double TolObj { get; init; } = 1e-12;

    /// <summary>Stop when the relative change of log p is below this many machine epsilons (<c>tol_rel_obj</c>).</summary>
    public double TolRelObj { get; init; } = 1e4;

    /// <summary>Stop when the gradient norm is below this (<c>tol_grad</c>).</summary>
    public double TolGrad { get; init; } = 1e-8;

    /// <summary>Stop when the relative gradient gᵀ H g / |log p| is below this many machine epsilons (<c>tol_rel_grad</c>).</summary>
    public double TolRelGrad { get; init; } = 1e7;

    /// <summary>Stop when θ moves by less than this (<c>tol_param</c>).</summary>
    public double TolParam { get; init; } = 1e-8;

    /// <summary>Whether multi-path Pathfinder resamples its pooled draws by PSIS weights (<c>psis_resample</c>); false returns every path's draws.</summary>
    public bool PsisResample { get; init; } = true;

    /// <summary>Initial points are drawn uniformly from (−InitRadius, InitRadius) on the unconstrained space (Stan's <c>init</c> = 2).</summary>
    public double InitRadius { get; init; } = 2;

    /// <summary>Random initial points tried per path before giving up.</summary>
    public int InitAttempts { get; init; } = 100;

    /// <summary>The seed; path k uses the generator stream (Seed, k), so results do not depend on the thread count.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>At most this many paths run at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    internal void Validate()
    {
        static void Require(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"Pathfinder: {name} must be {rule}, but is {value}.");
        }
        Require(HistorySize > 0, nameof(HistorySize), HistorySize, "positive");
        Require(NumPaths > 0, nameof(NumPaths), NumPaths, "positive");
        Require(NumDraws > 0, nameof(NumDraws), NumDraws, "positive");
        Require(NumPsisDraws > 0, nameof(NumPsisDraws), NumPsisDraws, "positive");
        Require(NumElboDraws > 0, nameof(NumElboDraws), NumElboDraws, "positive");
        Require(MaxLbfgsIters > 0, nameof(MaxLbfgsIters), MaxLbfgsIters, "positive");
        Require(InitAlpha > 0 && double.IsFinite(InitAlpha), nameof(InitAlpha), InitAlpha, "positive and finite");
        Require(TolObj >= 0, nameof(TolObj), TolObj, "non-negative");
        Require(TolRelObj >= 0, nameof(TolRelObj), TolRelObj, "non-negative");
        Require(TolGrad >= 0, nameof(TolGrad), TolGrad, "non-negative");
        Require(TolRelGrad >= 0, nameof(TolRelGrad), TolRelGrad, "non-negative");
        Require(TolParam >= 0, nameof(TolParam), TolParam, "non-negative");
        Require(InitRadius >= 0 && double.IsFinite(InitRadius), nameof(InitRadius), InitRadius, "non-negative and finite");
        Require(InitAttempts > 0, nameof(InitAttempts), InitAttempts, "positive");
        Require(MaxDegreeOfParallelism > 0, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "positive");
    }
}

/// <summary>
/// Progress of <see cref="Infer.Pathfinder{T}(Model{T}, ChoiceMap?, PathfinderOptions?, IProgress{PathfinderProgress}?, CancellationToken)"/>
/// and its density overload, reported as each path finishes (paths finish in any order; the reports are serialized and
/// <see cref="PathsCompleted"/> increases by one each time).
/// </summary>
/// <param name="Path">The path that just finished (its generator stream).</param>
/// <param name="PathsCompleted">Paths finished so far, this one included.</param>
/// <param name="Paths">Paths in the run (<see cref="PathfinderOptions.NumPaths"/>).</param>
/// <param name="Iterations">The L-BFGS iterations the finished path made.</param>
public readonly record struct PathfinderProgress(int Path, int PathsCompleted, int Paths, int Iterations);
