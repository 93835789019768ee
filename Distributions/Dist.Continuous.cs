namespace Probabilistic.Distributions;

// Entry points for the continuous univariate distributions and the Dirichlet.
public static partial class Dist
{
    /// <summary>Normal(mu, sigma): mean μ, standard deviation σ &gt; 0.</summary>
    public static Normal Normal(Real mu, Real sigma) => new(mu, sigma);

    /// <summary>LogNormal(mu, sigma): e^Y for Y ~ Normal(μ, σ).</summary>
    public static LogNormal LogNormal(Real mu, Real sigma) => new(mu, sigma);

    /// <summary>HalfNormal(sigma): |Y| for Y ~ Normal(0, σ).</summary>
    public static HalfNormal HalfNormal(Real sigma) => new(sigma);

    /// <summary>StudentT(nu, mu, sigma): ν degrees of freedom, location μ, scale σ.</summary>
    public static StudentT StudentT(Real nu, Real mu, Real sigma) => new(nu, mu, sigma);

    /// <summary>Cauchy(mu, sigma): location μ, scale σ.</summary>
    public static Cauchy Cauchy(Real mu, Real sigma) => new(mu, sigma);

    /// <summary>HalfCauchy(sigma): |Y| for Y ~ Cauchy(0, σ).</summary>
    public static HalfCauchy HalfCauchy(Real sigma) => new(sigma);

    /// <summary>Laplace(mu, b): location μ, scale b.</summary>
    public static Laplace Laplace(Real mu, Real b) => new(mu, b);

    /// <summary>Logistic(mu, s): location μ, scale s.</summary>
    public static Logistic Logistic(Real mu, Real s) => new(mu, s);

    /// <summary>Exponential(rate): rate λ, mean 1/λ.</summary>
    public static Exponential Exponential(Real rate) => new(rate);

    /// <summary>Gamma(alpha, beta): shape α, rate β, mean α/β.</summary>
    public static Gamma Gamma(Real alpha, Real beta) => new(alpha, beta);

    /// <summary>InverseGamma(alpha, beta): shape α, scale β.</summary>
    public static InverseGamma InverseGamma(Real alpha, Real beta) => new(alpha, beta);

    /// <summary>Beta(alpha, beta) on (0, 1), mean α/(α + β).</summary>
    public static Beta Beta(Real alpha, Real beta) => new(alpha, beta);

    /// <summary>Uniform(lower, upper) on (lower, upper).</summary>
    public static Uniform Uniform(Real lower, Real upper) => new(lower, upper);

    /// <summary>Weibull(k, lambda): shape k, scale λ.</summary>
    public static Weibull Weibull(Real k, Real lambda) => new(k, lambda);

    /// <summary>ChiSquared(nu): ν degrees of freedom.</summary>
    public static ChiSquared ChiSquared(Real nu) => new(nu);

    /// <summary>Dirichlet(alpha) over the K-simplex, K ≥ 2.</summary>
    public static Dirichlet Dirichlet(params Real[] alpha) => new(alpha);

    /// <summary>Dirichlet(alpha) over the K-simplex from constant concentrations.</summary>
    public static Dirichlet Dirichlet(params double[] alpha) => new(alpha);
}
