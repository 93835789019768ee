namespace Probabilistic.Distributions;

// Distributions over vectors: Multinomial (int[]), MultivariateNormal and LKJCholesky (Real[]).
public static partial class Dist
{
    /// <summary>Multinomial(n, probs): category counts of n draws, over int[] of length K.</summary>
    public static Multinomial Multinomial(int n, params Real[] probs) => new(n, probs);

    /// <summary>Multinomial(n, probs) from real probabilities.</summary>
    public static Multinomial Multinomial(int n, params double[] probs) => new(n, AsRealVector(probs));

    /// <summary>MultivariateNormal(μ, Σ) from a covariance matrix (Stan's <c>multi_normal(mu, Sigma)</c>).</summary>
    public static MultivariateNormal MultivariateNormal(Real[] mu, Real[,] sigma) => Distributions.MultivariateNormal.FromCovariance(mu, sigma);

    /// <summary>MultivariateNormal(μ, Σ) from a covariance matrix of reals.</summary>
    public static MultivariateNormal MultivariateNormal(double[] mu, double[,] sigma) => Distributions.MultivariateNormal.FromCovariance(AsRealVector(mu), AsRealMatrix(sigma));

    /// <summary>MultivariateNormal(μ, L·Lᵀ) from the lower Cholesky factor L of the covariance (Stan's <c>multi_normal_cholesky(mu, L)</c>).</summary>
    public static MultivariateNormal MultivariateNormalCholesky(Real[] mu, Real[,] l) => new(mu, l);

    /// <summary>MultivariateNormal(μ, L·Lᵀ) from a lower Cholesky factor of reals.</summary>
    public static MultivariateNormal MultivariateNormalCholesky(double[] mu, double[,] l) => new(AsRealVector(mu), AsRealMatrix(l));

    /// <summary>MultivariateNormal(μ, Ω⁻¹) from a precision matrix (Stan's <c>multi_normal_prec(mu, Omega)</c>).</summary>
    public static MultivariateNormal MultivariateNormalPrecision(Real[] mu, Real[,] omega) => Distributions.MultivariateNormal.FromPrecision(mu, omega);

    /// <summary>LKJCholesky(K, η): Cholesky factors of K×K correlation matrices, flattened row-major (Stan's <c>lkj_corr_cholesky(eta)</c>).</summary>
    public static LKJCholesky LKJCholesky(int k, Real eta) => new(k, eta);

    private static Real[] AsRealVector(double[] xs)
    {
        ArgumentNullException.ThrowIfNull(xs);
        return Array.ConvertAll(xs, x => new Real(x));
    }

    private static Real[,] AsRealMatrix(double[,] xs)
    {
        ArgumentNullException.ThrowIfNull(xs);
        var r = new Real[xs.GetLength(0), xs.GetLength(1)];
        for (int i = 0; i < xs.GetLength(0); i++)
            for (int j = 0; j < xs.GetLength(1); j++) r[i, j] = xs[i, j];
        return r;
    }
}
