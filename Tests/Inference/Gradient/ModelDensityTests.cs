using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Tests.Data;
using Probabilistic.Tests.Distributions.Continuous;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>Target densities built from models: values, Jacobians, gradients against finite differences, structure errors.</summary>
public class ModelDensityTests
{
    public static TheoryData<string> GalleryModels => new() { "eight schools", "linear regression", "mixture given assignments", "dirichlet" };

    private static IDifferentiableDensity Density(string name) => name switch
    {
        "eight schools" => ModelDensity<Real[]>.Create(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma)),
        "linear regression" => LinearRegression(),
        "mixture given assignments" => Mixture(),
        "dirichlet" => ModelDensity<Real[]>.Create(
            from p in Sample("p", Dirichlet(2.0, 3.0, 4.0))
            from _ in Observe(Categorical(p), 2)
            select p),
        _ => throw new ArgumentException(name),
    };

    private static IDifferentiableDensity LinearRegression()
    {
        var data = RepositoryData.Json("linreg_N100.json");
        var (x, y) = PosteriorDbTests.Design(data.GetProperty("X"), data.GetProperty("y"));
        return ModelDensity<Real[]>.Create(LinearRegressionModel.Model(x, y, 10, new Exponential(1)));
    }

    private static IDifferentiableDensity Mixture()
    {
        var y = GaussianMixtureModel.Simulate(10, 3);
        var z = ChoiceMap.Empty;
        for (int i = 0; i < y.Length; i++) z = z.With(Address.Of("z", i), i % 3 == 0);
        return ModelDensity<(Real, Real)>.Create(GaussianMixtureModel.Model(y), z);
    }

    /// <summary>
    /// The tape gradient equals five-point finite differences of the log density at random points of (−1.5, 1.5)ᵈ,
    /// to relative 10⁻⁶ plus the stencil's rounding error 1.5δ/h, where δ bounds the error of one evaluation: a sum
    /// of up to a few hundred terms each within a few ulps, so δ = 10⁻¹³·max(1, |log p|) (about 450 ulps).
    /// </summary>
    [Theory]
    [MemberData(nameof(GalleryModels))]
    public void GradientEqualsFiniteDifferences(string model)
    {
        var density = Density(model);
        var rng = new Rng(17);
        var gradient = new double[density.Dimension];
        for (int trial = 0; trial < 5; trial++)
        {
            var theta = Enumerable.Range(0, density.Dimension).Select(_ => 3 * rng.NextDouble() - 1.5).ToArray();
            double lp = density.LogDensityGradient(theta, gradient);
            Assert.True(double.IsFinite(lp));
            double Plain(double[] t) => density.LogDensityGradient(t, new double[t.Length]);
            for (int i = 0; i < theta.Length; i++)
            {
                double h = FiniteDifference.PowerOfTwoBelow(1e-3);
                double fd = FiniteDifference.Partial(Plain, theta, i, h, out double maxAbs);
                double tolerance = 1e-6 * Math.Max(Math.Abs(gradient[i]), Math.Abs(fd)) + 1.5 * 1e-13 * Math.Max(1, maxAbs) / h;
                Assert.True(Math.Abs(gradient[i] - fd) <= tolerance, $"{model}: ∂/∂θ[{i}]: tape {gradient[i]:R}, finite difference {fd:R}");
            }
        }
    }

    [Fact]
    public void PositiveChoiceIsMappedByExpWithItsJacobian()
    {
        // x ~ HalfNormal(2), x = exp(u): log p(u) = log HalfNormal(eˣ) + u, with derivative −e²ᵘ/4 + 1.
        var density = ModelDensity<Real>.Create(Sample("x", HalfNormal(2)));
        var g = new double[1];
        foreach (var u in new[] { -1.3, 0.0, 0.7 })
        {
            double x = Math.Exp(u);
            double expected = Math.Log(2) - 0.5 * Math.Log(2 * Math.PI) - Math.Log(2) - x * x / 8 + u;
            Assert.Equal(expected, density.LogDensityGradient([u], g), 12);
            Assert.Equal(-x * x / 4 + 1, g[0], 12);
            Assert.Equal(expected, density.LogDensity([u]), 12);
            var constrained = new double[1];
            density.As<ModelDensity<Real>>().Constrain([u], constrained);
            Assert.Equal(x, constrained[0], 14);
        }
    }

    [Fact]
    public void NamesFollowStan()
    {
        var density = ModelDensity<Real[]>.Create(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma));
        Assert.Equal(["theta_trans[1]", "theta_trans[2]", "theta_trans[3]", "theta_trans[4]", "theta_trans[5]", "theta_trans[6]", "theta_trans[7]", "theta_trans[8]", "mu", "tau"],
            density.ColumnNames());
        var simplex = ModelDensity<Real[]>.Create(Sample("p", Dirichlet(1.0, 1.0, 1.0)));
        Assert.Equal(2, simplex.Dimension);
        Assert.Equal(["p[1]", "p[2]", "p[3]"], simplex.ColumnNames());
    }

    /// <summary>
    /// Several indices share one pair of brackets, as Stan names matrix and array elements (<c>Sigma[1,2]</c>), so that
    /// CmdStan's CSV name (<c>Sigma.1.2</c>) is well formed: a vector choice at <c>p/1</c> has columns <c>p[2,1]</c> ….
    /// </summary>
    [Fact]
    public void IndexedVectorChoicesAndNestedIndicesGetOneBracketPair()
    {
        Assert.Equal("Sigma[1,2]", ParameterBlock.StanName(Address.Of("Sigma", 0, 1)));
        Assert.Equal("a[1].b", ParameterBlock.StanName(Address.Of("a", 0, "b")));
        var model = from p0 in Sample(Address.Of("p", 0), Dirichlet(1.0, 1.0))
                    from p1 in Sample(Address.Of("p", 1), Dirichlet(1.0, 1.0))
                    select p1;
        var density = ModelDensity<Real[]>.Create(model);
        Assert.Equal(["p[1,1]", "p[1,2]", "p[2,1]", "p[2,2]"], density.ColumnNames());
        Assert.Equal("p.2.1", Posterior.CmdStanName(density.ColumnNames()[2]));
    }

    [Fact]
    public void UnconstrainInvertsConstrain()
    {
        var density = ModelDensity<Real[]>.Create(
            from p in Sample("p", Dirichlet(1.0, 2.0, 3.0))
            from s in Sample("s", Uniform(-1, 4))
            select p);
        var theta = density.Unconstrain(ChoiceMap.Of(("p", new double[] { 0.2, 0.5, 0.3 }), ("s", 2.5)));
        var x = new double[4];
        density.Constrain(theta, x);
        Assert.Equal([0.2, 0.5, 0.3, 2.5], x.Select(v => Math.Round(v, 12)));
        var e = Assert.Throws<ModelException>(() => density.Unconstrain(ChoiceMap.Of(("p", new double[] { 0.2, 0.5, 0.3 }), ("s", 5.0))));
        Assert.Contains("'s'", e.Message);
    }

    [Fact]
    public void ModelWithoutContinuousChoicesIsAnError()
    {
        var e = Assert.Throws<ModelException>(() => Infer.Nuts(from x in Sample("x", Normal(0, 1)) select x, ChoiceMap.Of(("x", new Real(1)))));
        Assert.Contains("no unobserved continuous choice", e.Message);
    }

    [Fact]
    public void UnobservedDiscreteChoiceIsAnErrorNamingIt()
    {
        var model = from z in Sample("z", Bernoulli(0.5))
                    from x in Sample("x", Normal(z ? 1 : 0, 1))
                    select x;
        // ModelDensity itself needs every unobserved choice continuous; Infer.Nuts sums such choices out (EnumeratedDensity).
        var e = Assert.Throws<ModelException>(() => ModelDensity<Real>.Create(model));
        Assert.Equal(Address.Of("z"), e.Address);
        Assert.Contains("Gibbs", e.Message);
    }

    [Fact]
    public void ChangingAddressSetIsAnErrorNamingTheAddress()
    {
        var model = from x in Sample("x", Normal(0, 1))
                    from y in x > 0 ? Sample("a", Normal(0, 1)) : Sample("b", Normal(0, 1))
                    select y;
        var density = ModelDensity<Real>.Create(model, seed: 1);
        var first = density.Blocks[1].Address;
        var other = first == Address.Of("a") ? Address.Of("b") : Address.Of("a");
        double xThatSwitches = first == Address.Of("a") ? -1 : 1;
        var e = Assert.Throws<ModelException>(() => density.LogDensityGradient([xThatSwitches, 0], new double[2]));
        Assert.Equal(other, e.Address);
        Assert.Contains("stochastic control flow", e.Message);
    }

    [Fact]
    public void DensityNotFiniteAtEveryInitIsAnError()
    {
        var model = from x in Sample("x", Normal(0, 1))
                    from _ in Condition(x > 100)
                    select x;
        var e = Assert.Throws<ModelException>(() => Infer.Nuts(model, options: new NutsOptions { Chains = 1, Warmup = 10, Draws = 10 }));
        Assert.Contains("not finite at any of 100 initial points", e.Message);
    }

    /// <summary>
    /// A datum outside its distribution's support makes every initial point −∞; the error was the generic "not finite at
    /// 100 initial points". It names the observation, its value and the support.
    /// </summary>
    [Fact]
    public void AnObservationOutsideItsSupportIsNamedAsImpossibleEvidence()
    {
        var model = from p in Sample("p", Beta(2, 2))
                    from _ in Observe("y", Beta(p * 4, 2), (Real)1.5)
                    select p;
        var e = Assert.Throws<ModelException>(() => Infer.Nuts(model, options: new NutsOptions { Chains = 1, Warmup = 10, Draws = 10 }));
        Assert.Contains("impossible", e.Message);
        Assert.Contains("'y' = 1.5", e.Message);
        Assert.Contains("unit_interval", e.Message);
        // Unaddressed, and given as a condition of a Sample site:
        var unaddressed = from p in Sample("p", Beta(2, 2)) from _ in Observe(Normal(p, 1), (Real)0.0) from __ in Observe(Beta(2, 2), (Real)(-0.5)) select p;
        var u = Assert.Throws<ModelException>(() => Infer.Nuts(unaddressed, options: new NutsOptions { Chains = 1, Warmup = 10, Draws = 10 }));
        Assert.Contains("observation number 2", u.Message);
        Assert.Contains("-0.5", u.Message);
        var sampled = from p in Sample("p", Beta(2, 2)) from y in Sample("y", Gamma(2, p)) select p;
        var c = Assert.Throws<ModelException>(() => Infer.Nuts(sampled, ChoiceMap.Of(("y", new Real(-1.0))), new NutsOptions { Chains = 1, Warmup = 10, Draws = 10 }));
        Assert.Contains("'y' = -1 lies outside the support nonnegative", c.Message);
    }

    /// <summary>
    /// Plate("x", …) names its elements x/0, x/1, …; a Sample("x/1", …) beside it is its second element's address. NUTS
    /// ran to the end and failed building the posterior ("columns both named x[2]"): now discovery stops with an error.
    /// </summary>
    [Fact]
    public void APlateElementAndASampleAtTheSameAddressAreAnErrorBeforeSampling()
    {
        var model = from xs in Plate("x", 3, Normal(0, 1))
                    from x1 in Sample("x/1", Normal(0, 1))
                    select x1;
        var e = Assert.Throws<ModelException>(() => ModelDensity<Real>.Create(model));
        Assert.Equal(Address.Of("x", 1), e.Address);
        Assert.Contains("'x/1' twice", e.Message);
        Assert.Contains("Plate(\"x\"", e.Message);
        // Distinct addresses that are one Stan-style column: a vector choice "b" at b/0 has column b[1,2] (its 2nd
        // coordinate), which a scalar at "b/0/1" also has.
        var named = from v in Sample(Address.Of("b", 0), Dirichlet(1.0, 1.0))
                    from w in Sample(Address.Of("b", 0, 1), Normal(0, 1))
                    select w;
        var n = Assert.Throws<ModelException>(() => Infer.Nuts(named, options: new NutsOptions { Chains = 1, Warmup = 10, Draws = 10 }));
        Assert.Contains("'b/0' and 'b/0/1'", n.Message);
        Assert.Contains("b[1,2]", n.Message);
    }

    [Fact]
    public void RejectedParametersMakeTheDensityMinusInfinityAndKeepTheMessage()
    {
        // sigma = exp(1000 u) underflows to 0 for u = −0.8: Normal rejects it, as Stan rejects a domain error.
        // The discovery run draws u from the prior and must itself give a valid sigma (|1000 u| < 709, where exp is finite
        // and nonzero): with u ~ N(0, 0.01) that fails only beyond 70 sd, whatever the stream.
        var model = from u in Sample("u", Normal(0, 0.01))
                    from _ in Observe(Normal(0, RealMath.Exp(u * 1000)), 1.0)
                    select u;
        var density = ModelDensity<Real>.Create(model);
        Assert.Equal(double.NegativeInfinity, density.LogDensityGradient([-0.8], new double[1]));
        Assert.Contains("sigma", density.LastRejection);
    }

    [Fact]
    public void ConditionOnAnAddressTheModelNeverVisitsIsAnError()
    {
        var e = Assert.Throws<ModelException>(() => ModelDensity<Real>.Create(Sample("x", Normal(0, 1)), ChoiceMap.Of(("y", new Real(1)))));
        Assert.Contains("'y'", e.Message);
    }
}

internal static class DensityCast
{
    public static T As<T>(this IDifferentiableDensity d) where T : class => (T)d;
}
