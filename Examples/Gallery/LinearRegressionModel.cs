using Probabilistic.Compilation;
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
    [Compiled]
    public static Model<Real[]> Model(double[,] x, double[] y, double betaScale, IContinuousDistribution sigmaPrior) =>
        from beta in Plate("beta", x.GetLength(1), Normal(0, betaScale))
        from sigma in Sample("sigma", sigmaPrior)
        from _ in Factor(Likelihoods.NormalLogDensitySum(y, RealMath.MatVec(x, beta), sigma))
        select beta;

    /// <summary>The N × K design matrix of N rows of length K (rows as read from JSON, say).</summary>
    /// <exception cref="ArgumentException">There are no rows, or the rows differ in length.</exception>
    public static double[,] ToMatrix(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("LinearRegressionModel.ToMatrix: there are no rows.", nameof(rows));
        var x = new double[rows.Count, rows[0].Length];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != rows[0].Length)
                throw new ArgumentException($"LinearRegressionModel.ToMatrix: row {i} has {rows[i].Length} values but row 0 has {rows[0].Length}.", nameof(rows));
            for (int k = 0; k < rows[i].Length; k++) x[i, k] = rows[i][k];
        }
        return x;
    }
}
