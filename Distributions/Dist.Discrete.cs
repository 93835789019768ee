namespace Probabilistic.Distributions;

// Discrete distributions over int (and the point mass Delta over Real).
public static partial class Dist
{
    /// <summary>Bernoulli with log-odds α: p = σ(α) (Stan's <c>bernoulli_logit(alpha)</c>).</summary>
    public static Bernoulli BernoulliLogit(Real alpha) => Distributions.Bernoulli.FromLogit(alpha);

    /// <summary>Categorical with probabilities softmax(logits) over 0 … K−1 (Stan's <c>categorical_logit(beta)</c>).</summary>
    public static Categorical CategoricalLogits(params Real[] logits) => Distributions.Categorical.FromLogits(logits);

    /// <summary>Categorical with probabilities softmax(logits) over 0 … K−1, from real logits.</summary>
    public static Categorical CategoricalLogits(params double[] logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return Distributions.Categorical.FromLogits(Array.ConvertAll(logits, x => new Real(x)));
    }

    /// <summary>Poisson with log rate η: λ = e^η (Stan's <c>poisson_log(alpha)</c>).</summary>
    public static Poisson PoissonLog(Real eta) => Distributions.Poisson.FromLogRate(eta);

    /// <summary>Binomial(n, σ(α)) with log-odds α (Stan's <c>binomial_logit(n, alpha)</c>).</summary>
    public static Binomial BinomialLogit(int n, Real alpha) => Distributions.Binomial.FromLogit(n, alpha);

    /// <summary>Binomial(n, p): successes in n trials of success probability p.</summary>
    public static Binomial Binomial(int n, Real p) => new(n, p);

    /// <summary>Poisson(λ) with rate λ &gt; 0.</summary>
    public static Poisson Poisson(Real lambda) => new(lambda);

    /// <summary>Geometric(p): the number of failures before the first success, on {0, 1, 2, …}.</summary>
    public static Geometric Geometric(Real p) => new(p);

    /// <summary>NegativeBinomial(r, p): failures before the r-th success (Stan's <c>neg_binomial(r, p/(1 − p))</c>).</summary>
    public static NegativeBinomial NegativeBinomial(Real r, Real p) => new(r, p);

    /// <summary>NegativeBinomial2(μ, φ): mean μ, variance μ + μ²/φ (Stan's <c>neg_binomial_2(mu, phi)</c>).</summary>
    public static NegativeBinomial2 NegativeBinomial2(Real mu, Real phi) => new(mu, phi);

    /// <summary>The uniform distribution on the integers lower … upper, both inclusive.</summary>
    public static DiscreteUniform DiscreteUniform(int lower, int upper) => new(lower, upper);

    /// <summary>The point mass at <paramref name="value"/>.</summary>
    public static Delta Delta(Real value) => new(value);
}
