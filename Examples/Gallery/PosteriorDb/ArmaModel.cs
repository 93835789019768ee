using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>arma-arma11</c>: the ARMA(1, 1) model of the Stan User's Guide ("Time-series models", §ARMA),
/// νₜ = μ + φ yₜ₋₁ + θ εₜ₋₁ with ν₁ = μ + φμ (ε₀ = 0), εₜ = yₜ − νₜ ~ Normal(0, σ); μ ~ Normal(0, 10),
/// φ, θ ~ Normal(0, 2), σ ~ Cauchy(0, 2.5) on σ &gt; 0 (a half-Cauchy up to a constant). The errors' likelihood
/// <c>err ~ normal(0, sigma)</c> is Σₜ log Normal(yₜ | νₜ, σ), one vectorized node.
/// </summary>
public static partial class ArmaModel
{
    /// <summary>The model; returns (μ, φ, θ, σ).</summary>
    /// <param name="y">The observed series y₁ … y_T.</param>
    [Compiled]
    public static Model<Real[]> Model(double[] y)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length < 1) throw new ArgumentException("ArmaModel: the series y is empty (Stan's T ≥ 1).", nameof(y));
        return from mu in Sample("mu", Normal(0, 10))
               from phi in Sample("phi", Normal(0, 2))
               from theta in Sample("theta", Normal(0, 2))
               from sigma in Sample("sigma", HalfCauchy(2.5))
               from _ in Factor(Likelihoods.NormalLogDensitySum(y, Predictions(y, mu, phi, theta), sigma))
               select new[] { mu, phi, theta, sigma };
    }

    /// <summary>The model on posteriordb's data (<c>T</c>, <c>y</c>).</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) => Model(data.Vector("y"));

    /// <summary>The one-step predictions νₜ of the Stan model's loop.</summary>
    private static Real[] Predictions(double[] y, Real mu, Real phi, Real theta)
    {
        var nu = new Real[y.Length];
        nu[0] = mu + phi * mu;
        Real err = y[0] - nu[0];
        for (int t = 1; t < y.Length; t++)
        {
            nu[t] = mu + phi * y[t - 1] + theta * err;
            err = y[t] - nu[t];
        }
        return nu;
    }
}
