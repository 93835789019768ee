using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>A model using each distribution with replay code compiles (issue #16: such models used to fall off the compiled path silently).</summary>
public class CompiledDistributionTests
{
    private static readonly Dictionary<string, Model<Real>> Models = new()
    {
        // The reproduction.
        ["Poisson"] = from x in Sample("x", Normal(0, 1)) from _ in Observe(Poisson(RealMath.Exp(x)), 3) select x,
        ["PoissonLog"] = from x in Sample("x", Normal(0, 1)) from _ in Observe(PoissonLog(x), 3) select x,
        ["BinomialLogit"] = from a in Sample("a", Normal(0, 1)) from _ in Observe(BinomialLogit(10, a), 4) select a,
        ["Binomial"] = from p in Sample("p", Beta(2, 2)) from _ in Observe(Binomial(10, p), 4) select p,
        ["NegativeBinomial2"] = from mu in Sample("mu", LogNormal(0, 1))
                                from phi in Sample("phi", Exponential(1))
                                from _ in Observe(NegativeBinomial2(mu, phi), 5)
                                select mu,
        ["NegativeBinomial"] = from r in Sample("r", Gamma(2, 1)) from _ in Observe(NegativeBinomial(r, 0.4), 2) select r,
        ["Geometric"] = from p in Sample("p", Beta(1, 1)) from _ in Observe(Geometric(p), 3) select p,
        ["Bernoulli"] = from p in Sample("p", Beta(1, 1)) from _ in Observe(Bernoulli(p), false) select p,
        ["BernoulliLogit"] = from a in Sample("a", Normal(0, 1)) from _ in Observe(BernoulliLogit(a), false) select a,
        ["Laplace"] = from m in Sample("m", Laplace(0, 1)) from _ in Observe(Laplace(m, 2), (Real)0.3) select m,
        ["Logistic"] = from m in Sample("m", Logistic(0, 1)) from _ in Observe(Logistic(m, 2), (Real)0.3) select m,
        ["Weibull"] = from k in Sample("k", Weibull(2, 1)) from _ in Observe(Weibull(k, 1.5), (Real)0.7) select k,
        ["InverseGamma"] = from s in Sample("s", InverseGamma(3, 2)) from _ in Observe(Normal(0, s), (Real)0.5) select s,
        ["ChiSquared"] = from s in Sample("s", ChiSquared(3)) from _ in Observe(Normal(0, s), (Real)0.5) select s,
        ["Uniform"] = from u in Sample("u", Uniform(-1, 2)) from _ in Observe(Normal(u, 1), (Real)0.5) select u,
        ["Dirichlet and Multinomial"] = from theta in Sample("theta", Dirichlet(1.0, 2.0, 1.5))
                                        from _ in Observe(Multinomial(10, theta), [3, 3, 4])
                                        select theta[0],
        ["LKJCholesky"] = from l in Sample("L", LKJCholesky(3, 2.0))
                          from _ in Observe(MultivariateNormal([(Real)0, 0, 0], Covariance(l)), [(Real)0.2, -0.4, 0.1])
                          select l[3],
        ["CategoricalLogits"] = from a in Sample("a", Normal(0, 1)) from _ in Observe(CategoricalLogits(a, 0.0, -a), 2) select a,
        ["MultivariateNormal"] = from m in Sample("m", Normal(0, 1))
                                 from _ in Observe(MultivariateNormal([m, m * 0.5], new Real[,] { { 1.0, 0.3 }, { 0.3, 2.0 } }), [(Real)0.2, (Real)(-0.4)])
                                 select m,
    };

    // L·Lᵀ for a K×K factor stored row-major.
    private static Real[,] Covariance(Real[] l)
    {
        int k = (int)Math.Round(Math.Sqrt(l.Length));
        var c = new Real[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                Real s = 0.0;
                for (int m = 0; m < k; m++) s += l[i * k + m] * l[j * k + m];
                c[i, j] = s;
            }
        return c;
    }

    public static TheoryData<string> Names() => [.. Models.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_model_using_the_distribution_compiles_and_replays_as_the_interpreter(string name)
    {
        var model = Models[name];
        var compiled = ModelDensity<Real>.Create(model, seed: 3);
        var interpreted = ModelDensity<Real>.Create(model, seed: 3, compile: false);
        var rng = new Rng(7);
        var g1 = new double[compiled.Dimension];
        var g2 = new double[compiled.Dimension];
        for (int n = 0; n < 10; n++)
        {
            var theta = Enumerable.Range(0, compiled.Dimension).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            double a = compiled.LogDensityGradient(theta, g1);
            double b = interpreted.LogDensityGradient(theta, g2);
            Assert.Equal(b, a, 1e-12 * Math.Max(1, Math.Abs(b)));
            for (int i = 0; i < g1.Length; i++) Assert.Equal(g2[i], g1[i], 1e-12 * Math.Max(1, Math.Abs(g2[i])));
        }
        Assert.True(compiled.Compiled, compiled.CompileFailure);
        Assert.True(compiled.Counts.Replays >= 9, $"{compiled.Counts}");
    }
}
