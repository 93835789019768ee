namespace Probabilistic.Inference;

/// <summary>
/// Settings of the <see cref="MetricKind.LowRank"/> metric's adaptation (nutpie's <c>mass_matrix_eigval_cutoff</c> and
/// <c>mass_matrix_gamma</c>). The cutoff's default is 2, not nutpie's 100: with the windows of Stan's schedule, a cutoff of
/// 100 kept no correction on a Gaussian GLM with 24 correlated predictors (the scaled spectrum stays within [0.01, 100])
/// and sampled no better than the diagonal, while 2 gave 4.6× the diagonal metric's min-ESS per CPU second
/// (<c>dotnet run --project Benchmarks -- metric</c>).
/// </summary>
public sealed record LowRankMetricOptions
{
    /// <summary>
    /// A correction is kept for an eigenvalue λ of the rescaled covariance estimate when λ &gt; cutoff or λ &lt; 1/cutoff:
    /// directions whose scale the diagonal already gets within this factor are left to the diagonal. At least 1
    /// (1 keeps every direction, making the metric dense on the span of the warmup draws and gradients).
    /// </summary>
    public double EigenvalueCutoff { get; init; } = 2;

    /// <summary>
    /// γ added to the diagonal of both rescaled covariances before their geometric mean is taken, so that directions the
    /// window's draws do not span keep the diagonal's scale. Positive.
    /// </summary>
    public double Regularization { get; init; } = 1e-5;
}
