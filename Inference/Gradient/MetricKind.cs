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
}
