using Probabilistic.Inference;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference.Variational;
using Probabilistic.Tests.Data;
using Probabilistic.Tests.Inference.Gradient;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>AutoMultivariateNormal: its density, a correlated Gaussian target, and linreg_N100.</summary>
public class AutoMultivariateNormalTests
{
    /// <summary>
    /// x ~ N(0, 1), s ~ Exponential(1): at set parameters, log q of a draw equals log N₂(u; loc, LLᵀ) − log s with
    /// u = (x, log s), computed directly from the 2 × 2 covariance (exact up to rounding).
    /// </summary>
    [Fact]
    public void LogQIsTheFullRankGaussianDensityWithTheJacobian()
    {
        var model = from x in Sample("x", Normal(0, 1)) from s in Sample("s", Exponential(1)) select x;
        var guide = AutoMultivariateNormal.Create(model);
        var store = new ParameterStore();
        guide.Draw(store, new Rng(1)); // creates the parameters
        double[] loc = [0.3, -0.7];
        double l00 = 1.3, l10 = -0.6, l11 = 0.4;
        store.SetUnconstrained(Unconstrained(store, loc, l00, l10, l11));
        var rng = new Rng(2);
        for (int n = 0; n < 5; n++)
        {
            var draw = guide.Draw(store, rng);
            double x = ((Real)draw.Values["x"]).Value, s = ((Real)draw.Values["s"]).Value;
            double[] d = [x - loc[0], Math.Log(s) - loc[1]];
            double c00 = l00 * l00, c01 = l00 * l10, c11 = l10 * l10 + l11 * l11, det = c00 * c11 - c01 * c01;
            double quad = (c11 * d[0] * d[0] - 2 * c01 * d[0] * d[1] + c00 * d[1] * d[1]) / det;
            double expected = -0.5 * quad - Math.Log(2 * Math.PI) - 0.5 * Math.Log(det) - Math.Log(s);
            Assert.Equal(expected, draw.LogQ.Value, 10);
        }
        var l = guide.ScaleTril(store);
        Assert.Equal([l00, 0, l10, l11], [l[0, 0], l[0, 1], l[1, 0], l[1, 1]]);
    }

    private static double[] Unconstrained(ParameterStore store, double[] loc, double l00, double l10, double l11)
    {
        // Parameters are created in the order loc 0, L 0 0, loc 1, L 1 0, L 1 1; the diagonal is stored as its log.
        var addresses = store.Addresses.ToList();
        var u = new double[addresses.Count];
        u[addresses.IndexOf(AutoMultivariateNormal.LocAddress(0))] = loc[0];
        u[addresses.IndexOf(AutoMultivariateNormal.LocAddress(1))] = loc[1];
        u[addresses.IndexOf(AutoMultivariateNormal.ScaleTrilAddress(0, 0))] = Math.Log(l00);
        u[addresses.IndexOf(AutoMultivariateNormal.ScaleTrilAddress(1, 0))] = l10;
        u[addresses.IndexOf(AutoMultivariateNormal.ScaleTrilAddress(1, 1))] = Math.Log(l11);
        return u;
    }

    /// <summary>
    /// x ~ N(0, 1), y ~ N(ρx, √(1 − ρ²)) with ρ = 0.9 and no data: the target is N(0, [[1, ρ], [ρ, 1]]), inside the
    /// family, so the ELBO's maximum is at LLᵀ = Σ exactly. What is left is the optimizer's stationary noise: as in
    /// <see cref="SviTests"/>, with ten particles and the rate decayed to 10⁻³ a parameter fluctuates with sd ≈
    /// √(rate/2.8)/√10 ≈ 0.006 about its optimum; Σ's entries are sums of two products of L's entries (each ≤ 1), so
    /// their sd is ≲ 2·2·0.006 ≈ 0.024, and the tolerance is 0.1, four of them; the means, 0.03 (five sds).
    /// A mean-field guide would be off by ρ = 0.9 in the covariance.
    /// </summary>
    [Fact]
    public void RecoversTheCovarianceOfACorrelatedGaussian()
    {
        const double rho = 0.9;
        var model = from x in Sample("x", Normal(0, 1)) from y in Sample("y", Normal(rho * x, Math.Sqrt(1 - rho * rho))) select y;
        var guide = AutoMultivariateNormal.Create(model);
        var fit = Infer.Svi(model, guide, options: new SviOptions
        {
            Steps = 3000,
            Seed = 6,
            Objective = new Elbo(Particles: 10),
            Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / 3000))),
        });
        var c = guide.Covariance(fit.Parameters);
        double[,] exact = { { 1, rho }, { rho, 1 } };
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.True(Math.Abs(c[i, j] - exact[i, j]) <= 0.1, $"Σ[{i},{j}] = {c[i, j]}, exact {exact[i, j]}");
        Assert.All(guide.Location(fit.Parameters), m => Assert.True(Math.Abs(m) <= 0.03, $"mean {m}, exact 0"));
    }

    /// <summary>
    /// linreg_N100: each fitted posterior mean of β and σ is within 0.25 posterior sds of the exact reference (as the
    /// AutoNormal test; the guide's 4,000 draws add an error of about 0.016 sd).
    /// </summary>
    [Fact]
    public void FitsLinearRegression()
    {
        var model = LinearRegressionReference.Model();
        LinearRegressionReference.AssertFitsMeans(model, AutoMultivariateNormal.Create(model));
    }

    [Fact]
    public void BadOptionsAndModelsAreErrors()
    {
        var model = from x in Sample("x", Normal(0, 1)) select x;
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoMultivariateNormal.Create(model, initialScale: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoMultivariateNormal.ScaleTrilAddress(0, 1));
        var empty = from _ in Observe(Normal(0, 1), (Real)0.5) select 0;
        var e = Assert.Throws<ModelException>(() => AutoMultivariateNormal.Create(empty));
        Assert.Contains("AutoMultivariateNormal", e.Message);
    }
}
