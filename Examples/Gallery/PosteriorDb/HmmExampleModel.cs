using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>hmm_example-hmm_example</c>: a two-state hidden Markov model with unit-variance normal emissions
/// and the states marginalized by the forward algorithm in log space (Rabiner 1989, §III.A; Stan User's Guide,
/// "Hidden Markov models"): γ₁(k) = log Normal(y₁ | μₖ, 1), γₜ(k) = log Σⱼ exp(γₜ₋₁(j) + log θⱼₖ + log Normal(yₜ | μₖ, 1)),
/// log p(y | θ, μ) = log Σₖ exp γ_N(k). The transition rows θ₁, θ₂ are simplexes with Stan's implicit flat prior, the
/// state means μ are positive-ordered (flat) with μ₁ ~ Normal(3, 1), μ₂ ~ Normal(10, 1) added to the target.
/// </summary>
public static partial class HmmExampleModel
{
    /// <summary>The model; returns μ.</summary>
    /// <param name="y">The observations y₁ … y_N.</param>
    /// <param name="k">The number of states; the Stan model is written for K = 2 (θ[1] = theta1, θ[2] = theta2).</param>
    /// <exception cref="ArgumentException"><paramref name="k"/> is not 2, or y is empty.</exception>
    [Compiled]
    public static Model<Real[]> Model(double[] y, int k = 2)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (k != 2) throw new ArgumentException($"HmmExampleModel: the Stan model hard-codes K = 2 states (theta1, theta2, two priors on mu), but K = {k}.", nameof(k));
        if (y.Length == 0) throw new ArgumentException("HmmExampleModel: y is empty.", nameof(y));
        return from theta1 in Sample("theta1", new FlatVector(Support.Simplex(k)))
               from theta2 in Sample("theta2", new FlatVector(Support.Simplex(k)))
               from mu in Sample("mu", new FlatVector(Support.PositiveOrdered(k)))
               from prior in Factor(Normal(3, 1).LogProb(mu[0]) + Normal(10, 1).LogProb(mu[1]))
               from _ in Factor(Forward(y, [theta1, theta2], mu))
               select mu;
    }

    /// <summary>The model on posteriordb's data (<c>N</c>, <c>K</c>, <c>y</c>).</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) => Model(data.Vector("y"), data.Int("K"));

    /// <summary>The forward algorithm in log space: log p(y₁ … y_N | θ, μ).</summary>
    private static Real Forward(double[] y, Real[][] theta, Real[] mu)
    {
        int k = mu.Length;
        var logTheta = new Real[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) logTheta[i, j] = RealMath.Log(theta[i][j]);
        var emission = new Normal[k];
        for (int j = 0; j < k; j++) emission[j] = Normal(mu[j], 1);
        var gamma = new Real[k];
        var next = new Real[k];
        var acc = new Real[k];
        for (int j = 0; j < k; j++) gamma[j] = emission[j].LogProb(y[0]);
        for (int t = 1; t < y.Length; t++)
        {
            for (int j = 0; j < k; j++)
            {
                var e = emission[j].LogProb(y[t]);
                for (int i = 0; i < k; i++) acc[i] = gamma[i] + logTheta[i, j] + e;
                next[j] = RealMath.LogSumExp(acc);
            }
            (gamma, next) = (next, gamma);
        }
        return RealMath.LogSumExp(gamma);
    }
}
