using Probabilistic.Compilation;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Bayesian logistic regression, βₖ ~ Normal(0, 2.5), yᵢ ~ Bernoulli(logit⁻¹(xᵢ·β)), written twice: with the vectorized
/// helpers (η = Xβ by <see cref="RealMath.MatVec(double[,], ReadOnlySpan{Real})"/>, the log likelihood Σ yᵢηᵢ − log(1 + e^ηᵢ)
/// as one factor; the README's "Vectorized likelihoods" section shows this model) and row by row with
/// <c>Observe(BernoulliLogit(…))</c>, the same posterior.
/// </summary>
public static class LogisticRegressionModel
{
    /// <summary>The vectorized model; returns β.</summary>
    /// <param name="x">The design matrix, N × K (a column of ones for an intercept).</param>
    /// <param name="y">The N outcomes as 0/1.</param>
    [Compiled]
    public static Model<Real[]> Vectorized(double[,] x, double[] y) =>
        from beta in Plate("beta", x.GetLength(1), Normal(0, 2.5))
        let eta = RealMath.MatVec(x, beta)                                   // η = Xβ
        from _ in Factor(RealMath.Dot(eta, y) - RealMath.Sum(Array.ConvertAll(eta, RealMath.Softplus)))
        select beta;

    /// <summary>The same model with one <c>Observe(BernoulliLogit(xᵢ·β), yᵢ)</c> per row.</summary>
    public static Model<Real[]> PerRow(double[,] x, double[] y) =>
        from beta in Plate("beta", x.GetLength(1), Normal(0, 2.5))
        from _ in Sequence(Enumerable.Range(0, y.Length).Select(i =>
            Observe(BernoulliLogit(RealMath.Dot(beta, Row(x, i))), y[i] == 1)))
        select beta;

    private static double[] Row(double[,] x, int i)
    {
        var row = new double[x.GetLength(1)];
        for (int k = 0; k < row.Length; k++) row[k] = x[i, k];
        return row;
    }
}
