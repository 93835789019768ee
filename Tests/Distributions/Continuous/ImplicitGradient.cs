using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>Monte Carlo checks of implicit reparameterization gradients.</summary>
public static class ImplicitGradient
{
    /// <summary>
    /// Draws N samples with <paramref name="rsample"/> on parameters that are tape variables and checks
    /// E[∂x/∂θᵢ] = ∂E[x]/∂θᵢ for each i (the gradient of an expectation is the expectation of the
    /// pathwise gradient: Figurnov, Mohamed &amp; Mnih 2018, eq. 2): the sample mean of the N per-draw
    /// partials must be within 5 standard errors of the exact derivative, the standard error being the
    /// sample standard deviation of the partials over √N.
    /// </summary>
    public static void AssertUnbiased(double[] theta, Func<Real[], Rng, Real> rsample, double[] dMean, int n, ulong seed, string context)
    {
        var tape = new Tape();
        var rng = new Rng(seed);
        var sum = new double[theta.Length];
        var sumSq = new double[theta.Length];
        for (int k = 0; k < n; k++)
        {
            tape.Clear();
            var vars = tape.Variables(theta);
            var x = rsample(vars, rng);
            tape.Gradient(x);
            for (int i = 0; i < theta.Length; i++)
            {
                double g = tape.Adjoint(vars[i]);
                Assert.True(double.IsFinite(g), $"{context}: ∂x/∂θ[{i}] = {g} at draw {k} (x = {x.Value:R})");
                sum[i] += g;
                sumSq[i] += g * g;
            }
        }
        for (int i = 0; i < theta.Length; i++)
        {
            double mean = sum[i] / n;
            double sd = Math.Sqrt(Math.Max(0, (sumSq[i] - n * mean * mean) / (n - 1)));
            double tolerance = 5 * sd / Math.Sqrt(n);
            Assert.True(Math.Abs(mean - dMean[i]) <= tolerance, $"{context}: mean ∂x/∂θ[{i}] = {mean:R}, expected {dMean[i]:R} ± {tolerance:R}");
        }
    }
}
