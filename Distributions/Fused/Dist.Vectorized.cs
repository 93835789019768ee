namespace Probabilistic.Distributions;

// Entry points for the vectorized distributions: one distribution over a whole data vector whose log density is one tape
// node (Stan's vectorized sampling statements; Pyro's batched distributions with .to_event(1)).
public static partial class Dist
{
    /// <summary>Normal(μᵢ, σ) over a vector (Stan's <c>y ~ normal(mu, sigma)</c> with a vector mu): one tape node per evaluation.</summary>
    public static NormalVector Normal(Real[] mu, Real sigma) => new(mu, sigma);

    /// <summary>Normal(μᵢ, σᵢ) over a vector (Stan's <c>y ~ normal(mu, sigma)</c> with vectors mu and sigma): one tape node per evaluation.</summary>
    public static NormalVector Normal(Real[] mu, Real[] sigma) => new(mu, sigma);

    /// <summary>Bernoulli(logit⁻¹(ηᵢ)) over a vector of 0/1 outcomes (Stan's <c>y ~ bernoulli_logit(eta)</c>): one tape node per evaluation.</summary>
    public static BernoulliLogitVector BernoulliLogit(Real[] eta) => new(eta);

    /// <summary>Poisson(exp(ηᵢ)) over a vector of counts (Stan's <c>y ~ poisson_log(eta)</c>): one tape node per evaluation.</summary>
    public static PoissonLogVector PoissonLog(Real[] eta) => new(eta);
}
