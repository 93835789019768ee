namespace Probabilistic.Inference;

/// <summary>The Euclidean metric (mass matrix) of HMC and NUTS, as in Stan's <c>metric</c> argument.</summary>
public enum MetricKind
{
    /// <summary>The identity (Stan's <c>unit_e</c>); not adapted.</summary>
    Unit,

    /// <summary>A diagonal metric estimated from the warmup draws' variances (Stan's default <c>diag_e</c>).</summary>
    Diagonal,

    /// <summary>A dense metric estimated from the warmup draws' covariance (Stan's <c>dense_e</c>).</summary>
    Dense,

    /// <summary>
    /// A diagonal metric fitted to the warmup draws and their gradients by minimizing the Fisher divergence: the inverse
    /// metric's i-th entry is sd(θᵢ)/sd(∂ᵢ log p), exact for any Gaussian (Seyboldt, Carlson &amp; Carpenter 2026, nutpie's
    /// diagonal adaptation).
    /// </summary>
    FisherDiagonal,

    /// <summary>
    /// <see cref="FisherDiagonal"/> plus low-rank corrections: the leading eigenvectors of the geometric mean of the
    /// rescaled draws' covariance and the inverse of the rescaled gradients' covariance (nutpie's low-rank adaptation,
    /// Seyboldt, Carlson &amp; Carpenter 2026); settings in <see cref="HamiltonianOptions.LowRank"/>.
    /// </summary>
    LowRank,
}
