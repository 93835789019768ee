using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Xunit;

namespace Probabilistic.Tests.Examples;

/// <summary>
/// The README's vectorized logistic regression (<see cref="LogisticRegressionModel.Vectorized"/>) against the same model
/// written with one Observe(BernoulliLogit(…)) per row: the same density and gradient, and the same posterior under NUTS.
/// </summary>
public class LogisticRegressionModelTests
{
    /// <summary>80 rows: an intercept column and two N(0, 1) features; y ~ Bernoulli(logit⁻¹(−0.5 + x₁ − 1.5 x₂)).</summary>
    private static (double[,] X, double[] Y) Data()
    {
        var rng = new Rng(5);
        const int n = 80;
        var x = new double[n, 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = 1;
            x[i, 1] = rng.NextGaussian();
            x[i, 2] = rng.NextGaussian();
            double eta = -0.5 + x[i, 1] - 1.5 * x[i, 2];
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
        }
        return (x, y);
    }

    /// <summary>Σ yᵢηᵢ − softplus(ηᵢ) is log Bernoulli(y; logit⁻¹ η) summed: both densities agree at random points to rounding.</summary>
    [Fact]
    public void TheVectorizedDensityEqualsThePerRowDensity()
    {
        var (x, y) = Data();
        var vectorized = ModelDensity<Real[]>.Create(LogisticRegressionModel.Vectorized(x, y));
        var perRow = ModelDensity<Real[]>.Create(LogisticRegressionModel.PerRow(x, y));
        Assert.Equal(perRow.Dimension, vectorized.Dimension);
        var rng = new Rng(9);
        var g1 = new double[3];
        var g2 = new double[3];
        for (int t = 0; t < 5; t++)
        {
            double[] theta = [4 * rng.NextDouble() - 2, 4 * rng.NextDouble() - 2, 4 * rng.NextDouble() - 2];
            double a = vectorized.LogDensityGradient(theta, g1), b = perRow.LogDensityGradient(theta, g2);
            Assert.Equal(b, a, 1e-9 * (1 + Math.Abs(b)));
            for (int k = 0; k < 3; k++) Assert.Equal(g2[k], g1[k], 1e-9 * (1 + Math.Abs(g2[k])));
        }
    }

    /// <summary>
    /// NUTS on both (independent seeds): each coefficient's posterior means agree within 4.5 standard errors of their
    /// difference, √(MCSE₁² + MCSE₂²) (three checks: a false failure has probability about 2e-5).
    /// </summary>
    [Fact]
    public void NutsOnTheVectorizedModelMatchesThePerRowModel()
    {
        var (x, y) = Data();
        var a = Infer.Nuts(LogisticRegressionModel.Vectorized(x, y), options: new NutsOptions { Chains = 2, Warmup = 200, Draws = 400, Seed = 1 });
        var b = Infer.Nuts(LogisticRegressionModel.PerRow(x, y), options: new NutsOptions { Chains = 2, Warmup = 200, Draws = 400, Seed = 2 });
        foreach (var name in new[] { "beta[1]", "beta[2]", "beta[3]" })
        {
            double ma = a[name].Average(), mb = b[name].Average();
            double se = Math.Sqrt(Math.Pow(ConvergenceDiagnostics.McseMean(a.Chain(name)), 2) + Math.Pow(ConvergenceDiagnostics.McseMean(b.Chain(name)), 2));
            Assert.True(Math.Abs(ma - mb) <= 4.5 * se, $"{name}: vectorized {ma}, per row {mb}, se {se}");
        }
        // The data were drawn with β = (−0.5, 1, −1.5): the posterior means have the signs of the truth.
        Assert.True(a["beta[2]"].Average() > 0 && a["beta[3]"].Average() < 0);
    }
}
