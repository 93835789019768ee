using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>low_dim_gauss_mix-low_dim_gauss_mix</c>: a two-component normal mixture with the component
/// marginalized (Stan User's Guide, "Finite mixtures"): log p(yₙ) = log_mix(θ, log Normal(yₙ | μ₁, σ₁), log Normal(yₙ | μ₂, σ₂))
/// = log-sum-exp(log θ + …, log(1 − θ) + …); μ ordered (identifying the components) with μ ~ Normal(0, 2),
/// σₖ ~ Normal(0, 2) on σ &gt; 0 (half-normal up to a constant), θ ~ Beta(5, 5).
/// </summary>
public static partial class LowDimGaussMixModel
{
    /// <summary>The model; returns μ.</summary>
    [Compiled]
    public static Model<Real[]> Model(double[] y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return from mu in Sample("mu", new FlatVector(Support.Ordered(2)))
               from muPrior in Factor(Normal(0, 2).LogProb(mu[0]) + Normal(0, 2).LogProb(mu[1]))
               from sigma in Plate("sigma", 2, HalfNormal(2))
               from theta in Sample("theta", Beta(5, 5))
               from _ in Factor(LogLikelihood(y, mu, sigma, theta))
               select mu;
    }

    /// <summary>The model on posteriordb's data (<c>N</c>, <c>y</c>).</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) => Model(data.Vector("y"));

    private static Real LogLikelihood(double[] y, Real[] mu, IReadOnlyList<Real> sigma, Real theta)
    {
        Real logTheta = RealMath.Log(theta), log1mTheta = RealMath.Log1p(-theta);
        var first = Normal(mu[0], sigma[0]);
        var second = Normal(mu[1], sigma[1]);
        var terms = new Real[y.Length];
        for (int n = 0; n < y.Length; n++)
            terms[n] = RealMath.LogSumExp(logTheta + first.LogProb(y[n]), log1mTheta + second.LogProb(y[n]));
        return RealMath.Sum(terms);
    }
}
