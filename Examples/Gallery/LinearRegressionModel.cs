using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Bayesian linear regression without intercept: βₖ ~ Normal(0, s), σ ~ a given prior on (0, ∞),
/// y ~ Normal(Xβ, σ), the likelihood summed in one vectorized tape node (as posteriordb's <c>sblrc-blr</c> and
/// the project's <c>linreg_N100</c> data set).
/// </summary>
public static class LinearRegressionModel
{
    /// <summary>The model; returns β.</summary>
    /// <param name="x">The design matrix, N × K.</param>
    /// <param name="y">The N responses.</param>
    /// <param name="betaScale">The prior standard deviation s of each coefficient.</param>
    /// <param name="sigmaPrior">The prior of the noise scale σ (a distribution on the positive reals).</param>
    public static Model<Real[]> Model(double[,] x, double[] y, double betaScale, IContinuousDistribution sigmaPrior) =>
        from beta in Plate("beta", x.GetLength(1), Normal(0, betaScale))
        from sigma in Sample("sigma", sigmaPrior)
        from _ in Factor(RealMath.NormalLogDensitySum(y, RealMath.MatVec(x, beta), sigma))
        select beta;
}
