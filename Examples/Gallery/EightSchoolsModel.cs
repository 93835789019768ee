using Probabilistic.Compilation;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Eight schools (Rubin 1981; Gelman et al., <i>Bayesian Data Analysis</i>, 3rd ed., §5.5), non-centred as
/// posteriordb's <c>eight_schools_noncentered</c>: θⱼ = μ + τ θ̃ⱼ, θ̃ⱼ ~ Normal(0, 1), yⱼ ~ Normal(θⱼ, σⱼ),
/// μ ~ Normal(0, 5), τ ~ HalfCauchy(5).
/// </summary>
public static class EightSchoolsModel
{
    /// <summary>The estimated treatment effects.</summary>
    public static readonly double[] Y = [28, 8, -3, 7, -1, 1, 18, 12];

    /// <summary>Their standard errors.</summary>
    public static readonly double[] Sigma = [15, 10, 16, 11, 9, 11, 10, 18];

    /// <summary>The model; returns θ (the schools' effects).</summary>
    [Compiled]
    public static Model<Real[]> Model(double[] y, double[] sigma) =>
        from thetaTrans in Plate("theta_trans", y.Length, Normal(0, 1))
        from mu in Sample("mu", Normal(0, 5))
        from tau in Sample("tau", HalfCauchy(5))
        let theta = thetaTrans.Select(t => mu + tau * t).ToArray()
        from _ in ObserveEach(y, (yj, j) => Normal(theta[j], sigma[j]))
        select theta;
}
