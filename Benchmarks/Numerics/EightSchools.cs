using Probabilistic.Distributions;
using System.Runtime.CompilerServices;
using Probabilistic.Numerics;

namespace Probabilistic.Benchmarks.Numerics;

/// <summary>
/// The eight-schools model, non-centred (Rubin 1981; Gelman et al., <i>Bayesian Data Analysis</i>,
/// 3rd ed., §5.5): μ ~ N(0, 5), τ ~ HalfCauchy(0, 5), θ̃ⱼ ~ N(0, 1), yⱼ ~ N(μ + τθ̃ⱼ, σⱼ), as a log
/// density over the unconstrained q = (μ, log τ, θ̃₁ … θ̃₈) with the log-Jacobian log τ; written
/// three ways: on <see cref="Real"/> one scalar operation at a time, on <see cref="Real"/> with the
/// vectorized normal density, and by hand in doubles with its gradient derived on paper.
/// </summary>
internal static class EightSchools
{
    // The data of data/eight_schools.json.
    public static readonly double[] Y = [28, 8, -3, 7, -1, 1, 18, 12];
    public static readonly double[] Sigma = [15, 10, 16, 11, 9, 11, 10, 18];
    private static readonly double[] Zeros = new double[J];

    public const int J = 8;
    public const int Dimension = J + 2;

    private const double HalfLogTwoPi = 0.91893853320467274;

    private static Real NormalLogDensity(Real x, Real mu, Real sigma) =>
        -0.5 * RealMath.Square((x - mu) / sigma) - RealMath.Log(sigma) - HalfLogTwoPi;

    private static Real HalfCauchyLogDensity(Real x, Real scale) =>
        Math.Log(2 / Math.PI) - RealMath.Log(scale) - RealMath.Log1p(RealMath.Square(x / scale));

    /// <summary>The log density written on <see cref="Real"/> as a model's densities would compute it, one operation per node.</summary>
    public static Real LogDensity(ReadOnlySpan<Real> q)
    {
        Real mu = q[0], logTau = q[1];
        var tau = RealMath.Exp(logTau);
        var lp = NormalLogDensity(mu, 0, 5) + HalfCauchyLogDensity(tau, 5) + logTau;
        for (int j = 0; j < J; j++)
        {
            var thetaTilde = q[2 + j];
            lp += NormalLogDensity(thetaTilde, 0, 1);
            lp += NormalLogDensity(Y[j], mu + tau * thetaTilde, Sigma[j]);
        }
        return lp;
    }

    [InlineArray(J)]
    private struct Schools
    {
        private Real _first;
    }

    /// <summary>
    /// The same log density with the two sums over schools as one node each (Σ log N(θ̃ⱼ | 0, 1) is
    /// written Σ log N(0 | θ̃ⱼ, 1), the same number).
    /// </summary>
    public static Real LogDensityVectorized(ReadOnlySpan<Real> q)
    {
        Real mu = q[0], logTau = q[1];
        var tau = RealMath.Exp(logTau);
        var thetaTilde = q[2..];
        var buffer = new Schools();
        Span<Real> theta = buffer;
        for (int j = 0; j < J; j++) theta[j] = mu + tau * thetaTilde[j];
        return NormalLogDensity(mu, 0, 5) + HalfCauchyLogDensity(tau, 5) + logTau
            + Likelihoods.NormalLogDensitySum(Zeros, thetaTilde, 1.0)
            + Likelihoods.NormalLogDensitySum(Y, theta, Sigma);
    }

    /// <summary>The same log density in doubles, with its gradient derived by hand; writes ∇ into <paramref name="g"/>.</summary>
    public static double LogDensityAndGradient(ReadOnlySpan<double> q, Span<double> g)
    {
        double mu = q[0], logTau = q[1], tau = Math.Exp(logTau);
        // μ ~ N(0, 5)
        double zMu = mu / 5;
        double lp = -0.5 * zMu * zMu - Math.Log(5.0) - HalfLogTwoPi;
        double gMu = -zMu / 5;
        // τ ~ HalfCauchy(0, 5): log(2/π) − log 5 − log(1 + (τ/5)²); d/dτ = −2(τ/5)/(5(1 + (τ/5)²))
        double r = tau / 5;
        lp += Math.Log(2 / Math.PI) - Math.Log(5.0) - SpecialFunctions.Log1p(r * r);
        double gTau = -2 * r / (5 * (1 + r * r));
        // log-Jacobian of τ = e^(log τ)
        lp += logTau;
        for (int j = 0; j < J; j++)
        {
            double tt = q[2 + j];
            lp += -0.5 * tt * tt - HalfLogTwoPi;
            double s = Sigma[j];
            double z = (Y[j] - (mu + tau * tt)) / s;
            lp += -0.5 * z * z - Math.Log(s) - HalfLogTwoPi;
            double dTheta = z / s; // ∂/∂θⱼ
            gMu += dTheta;
            gTau += dTheta * tt;
            g[2 + j] = -tt + dTheta * tau;
        }
        g[0] = gMu;
        g[1] = gTau * tau + 1; // chain rule through τ = e^(log τ), plus the log-Jacobian's 1
        return lp;
    }
}
