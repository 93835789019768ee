using Probabilistic.Compilation;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>garch-garch11</c>: the GARCH(1, 1) model of the Stan User's Guide ("Time-series models",
/// §Modeling temporal heteroscedasticity), yₜ ~ Normal(μ, σₜ), σ₁ given, σₜ² = α₀ + α₁ (yₜ₋₁ − μ)² + β₁ σₜ₋₁², with
/// Stan's implicit flat priors on μ, α₀ &gt; 0, α₁ ∈ (0, 1) and β₁ ∈ (0, 1 − α₁).
/// </summary>
/// <remarks>
/// β₁'s upper bound depends on α₁, and a <see cref="Distributions.Support"/> has fixed bounds, so the model writes Stan's
/// own transform for it (Stan Reference Manual, "Lower and upper bounded scalar"): β₁ = (1 − α₁) u with u ∈ (0, 1)
/// (the choice <c>beta1_unit</c>, flat) and the factor log(1 − α₁), the Jacobian of u ↦ β₁ that makes β₁'s density
/// flat on (0, 1 − α₁) given α₁, as Stan's is. The posterior of (μ, α₀, α₁, β₁) is Stan's; β₁ is the returned value.
/// </remarks>
public static partial class GarchModel
{
    /// <summary>The model; returns β₁ (one element).</summary>
    /// <param name="y">The series y₁ … y_T.</param>
    /// <param name="sigma1">The first volatility σ₁ (data).</param>
    [Compiled]
    public static Model<Real[]> Model(double[] y, double sigma1)
    {
        ArgumentNullException.ThrowIfNull(y);
        return from mu in Sample("mu", Flat.RealLine)
               from alpha0 in Sample("alpha0", Flat.Positive)
               from alpha1 in Sample("alpha1", Flat.UnitInterval)
               from beta1Unit in Sample("beta1_unit", Flat.UnitInterval)
               let beta1 = (1 - alpha1) * beta1Unit
               from jacobian in Factor(RealMath.Log1p(-alpha1))
               let sigma = Volatilities(y, sigma1, mu, alpha0, alpha1, beta1)
               from _ in ObserveEach(y, (yt, t) => Normal(mu, sigma[t]))
               select new[] { beta1 };
    }

    /// <summary>The model on posteriordb's data (<c>T</c>, <c>y</c>, <c>sigma1</c>).</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) => Model(data.Vector("y"), data.Real("sigma1"));

    private static Real[] Volatilities(double[] y, double sigma1, Real mu, Real alpha0, Real alpha1, Real beta1)
    {
        var sigma = new Real[y.Length];
        sigma[0] = sigma1;
        for (int t = 1; t < y.Length; t++)
            sigma[t] = RealMath.Sqrt(alpha0 + alpha1 * RealMath.Square(y[t - 1] - mu) + beta1 * RealMath.Square(sigma[t - 1]));
        return sigma;
    }
}
