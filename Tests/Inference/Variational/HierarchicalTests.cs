using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>
/// Hierarchical VI: a guide u ~ N(m, s_u), z ~ N(u, s_z) marginalized over u by <see cref="Sir"/>, against the conjugate
/// model z ~ N(0, 1), x ~ N(z, 1) at x = 1 (posterior N(0.5, 0.5)). The marginal guide is N(m, v), v = s_u² + s_z².
/// </summary>
public class HierarchicalTests
{
    private static readonly Model<Real> Conjugate =
        from z in Sample("z", Normal(0, 1))
        from _ in Observe(Normal(z, 1), (Real)1.0)
        select z;

    private static Model<Real> HierarchicalGuide(double m, double su, double sz) =>
        from mean in Param("m", m)
        from scaleU in Param("su", su, Support.Positive)
        from scaleZ in Param("sz", sz, Support.Positive)
        from u in Sample("u", Normal(mean, scaleU))
        from z in Sample("z", Normal(u, scaleZ))
        select z;

    /// <summary>E_q[log p(x, z)] for z ~ N(m, v): −log 2π − ½(m² + v) − ½((1 − m)² + v).</summary>
    private static double ExpectedLogJoint(double m, double v) => -Math.Log(2 * Math.PI) - 0.5 * (m * m + v) - 0.5 * ((1 - m) * (1 - m) + v);

    /// <summary>Mean and standard error of n objective estimates at the guide's initial parameters (no parameter moves: SGD with a vanishing rate).</summary>
    private static (double Mean, double Se) EstimateMean(Objective objective, Guide guide, int n, ulong seed)
    {
        var history = Infer.Svi(Conjugate, guide, options: new SviOptions { Steps = n, Seed = seed, Objective = objective, Optimizer = () => new Sgd(learningRate: 1e-300) }).History;
        double mean = history.Average();
        double se = Math.Sqrt(history.Sum(h => (h - mean) * (h - mean)) / (n - 1) / n);
        return (mean, se);
    }

    /// <summary>
    /// With K = 1 the SIR estimate is log q(z | u₀), so E[ELBO] = E_q[log p(x, z)] + H(z | u) = that + ½ log(2πe s_z²)
    /// (hierarchical VI's bound with the prior as reverse model), analytically. The mean of 20,000 estimates is within
    /// 4.5 SE of it (a normal mean misses by that much with probability 7e-6).
    /// </summary>
    [Fact]
    public void HviWithOneSampleIsTheAnalyticHierarchicalBound()
    {
        const double m = 0.2, su = 0.8, sz = 0.6;
        double exact = ExpectedLogJoint(m, su * su + sz * sz) + 0.5 * Math.Log(2 * Math.PI * Math.E * sz * sz);
        var guide = Guide.Marginal(Guide.FromModel(HierarchicalGuide(m, su, sz)), Selection.Of("u"), new Sir(1));
        var (mean, se) = EstimateMean(new Elbo(), guide, 20000, 3);
        Assert.True(Math.Abs(mean - exact) <= 4.5 * se, $"HVI mean {mean}, exact {exact}, SE {se}");
    }

    /// <summary>
    /// The SIR bound tightens with K toward the ELBO of the exact marginal N(m, v), E_q[log p(x, z)] + ½ log(2πe v), which it
    /// never exceeds (E[log q̂] ≥ log q). Means of 20,000 estimates each (independent seeds): K = 1 &lt; K = 5 &lt; K = 50 by
    /// more than 4.5 SE of each difference, and K = 50 below the marginal ELBO up to 4.5 SE. Here the gap between the
    /// K = 1 bound and the marginal ELBO is ½ log(v / s_z²) = 0.51, large against SEs of ≈ 0.01.
    /// </summary>
    [Fact]
    public void SirBoundsIncreaseWithKTowardTheMarginalElbo()
    {
        const double m = 0.2, su = 0.8, sz = 0.6;
        double v = su * su + sz * sz;
        double marginal = ExpectedLogJoint(m, v) + 0.5 * Math.Log(2 * Math.PI * Math.E * v);
        (double Mean, double Se) Run(int k, ulong seed) =>
            EstimateMean(new Elbo(), Guide.Marginal(Guide.FromModel(HierarchicalGuide(m, su, sz)), Selection.Of("u"), new Sir(k)), 20000, seed);
        var k1 = Run(1, 4);
        var k5 = Run(5, 5);
        var k50 = Run(50, 6);
        static double Se(double a, double b) => Math.Sqrt(a * a + b * b);
        Assert.True(k5.Mean - k1.Mean > 4.5 * Se(k5.Se, k1.Se), $"K=5 {k5.Mean} not above K=1 {k1.Mean}");
        Assert.True(k50.Mean - k5.Mean > 4.5 * Se(k50.Se, k5.Se), $"K=50 {k50.Mean} not above K=5 {k5.Mean}");
        Assert.True(k50.Mean <= marginal + 4.5 * k50.Se, $"K=50 {k50.Mean} above the marginal ELBO {marginal}");
    }

    /// <summary>
    /// The gradient in m of the HVI (K = 1) objective is exactly d/dm E_q[log p(x, z)] = 1 − 2m (the entropy term does
    /// not depend on m); the mean of 20,000 reparameterized estimates is within 4.5 SE of it, and with a score-function
    /// estimator on the auxiliary choice as well (REINFORCE through u, reparameterized z).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HviGradientIsUnbiased(bool reinforceOnU)
    {
        const double m0 = -0.4;
        var model =
            from loc in Param("m", m0)
            from u in Sample("u", Normal(loc, 0.8))
            from z in Sample("z", Normal(u, 0.6))
            select z;
        var inner = Guide.FromModel(model);
        if (reinforceOnU) inner.WithEstimator("u", GradientEstimator.Reinforce);
        var guide = Guide.Marginal(inner, Selection.Of("u"), new Sir(1));
        var store = new ParameterStore();
        var rng = new Rng(8);
        var tape = new Tape();
        var objective = new Elbo();
        var context = new TapeObjectiveContext(d => ModelScorer.LogJoint(Conjugate, ChoiceMap.Empty, d, store, "ELBO"), guide, store, rng, []);
        const int n = 20000;
        var g = new double[n];
        for (int i = 0; i < n; i++) g[i] = SviStep.Gradient(objective, context, store, tape, i).Gradient[0];
        double mean = g.Average(), se = Math.Sqrt(g.Sum(x => (x - mean) * (x - mean)) / (n - 1) / n);
        double exact = 1 - 2 * m0;
        Assert.True(Math.Abs(mean - exact) <= 4.5 * se, $"mean {mean}, exact {exact}, SE {se}");
        Assert.True(se < 0.1 * Math.Abs(exact), $"SE {se} too large for the test to have power");
    }

    /// <summary>
    /// DIWHVI (Iwelbo(5) with Sir(5)) fitted from a poor start (m = −1, v = 1.25) reaches the posterior mean 0.5 within 0.1,
    /// and its objective reaches log p(x) = log N(1; 0, √2): the mean of the last 1,000 estimates is within 0.04 below it
    /// and not above it by more than 4.5 SE (it is a lower bound). Its variance is not asserted: the bound is tight only
    /// as s_u → 0 (where the SIR estimate is exact), a boundary the fit approaches slowly, and with s_u &gt; 0 the
    /// mass-covering IWELBO settles slightly wide. Over seeds 1–4 of this fit (measured when the test was written) the
    /// final gaps had root-mean-square 0.009 and the errors in m 0.022: the tolerances are 4.5 times those, rounded up.
    /// </summary>
    [Fact]
    public void DoublyImportanceWeightedHviReachesTheExactPosterior()
    {
        double logEvidence = -0.5 * Math.Log(4 * Math.PI) - 0.25;
        var guide = Guide.Marginal(Guide.FromModel(HierarchicalGuide(-1, 1, 0.5)), Selection.Of("u"), new Sir(5));
        int steps = 3000;
        var fit = Infer.Svi(Conjugate, guide, options: new SviOptions
        {
            Steps = steps, Seed = 1, Objective = new Iwelbo(5),
            Optimizer = () => new Adam(learningRate: 0.02, schedule: new ExponentialDecaySchedule(Math.Pow(0.05, 1.0 / steps))),
        });
        double m = fit.Parameters.Get("m");
        Assert.True(Math.Abs(m - 0.5) < 0.1, $"m = {m}");
        var last = fit.History.Skip(steps - 1000).ToArray();
        double mean = last.Average(), se = Math.Sqrt(last.Sum(h => (h - mean) * (h - mean)) / (last.Length - 1) / last.Length);
        Assert.True(mean > logEvidence - 0.04 && mean < logEvidence + 4.5 * se, $"final objective {mean} (SE {se}) against log p(x) = {logEvidence}");
        var draws = fit.Sample(100);
        Assert.Equal(["z"], draws.Columns.Select(c => c.Name));
    }

    [Fact]
    public void MarginalNeedsAGuideWrittenAsAModel()
    {
        var e = Assert.Throws<ModelException>(() => Guide.Marginal(AutoNormal.Create(Conjugate), Selection.Of("u"), new Sir(2)));
        Assert.Contains("Guide.FromModel", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Guide.Marginal(Guide.FromModel(HierarchicalGuide(0, 1, 1)), Selection.Of("u"), new Sir(0)));
    }

    [Fact]
    public void AnAuxiliaryChoiceWithABranchingEstimatorIsNamed()
    {
        var inner = Guide.FromModel(
            from b in Sample("b", Bernoulli(0.5))
            from z in Sample("z", Normal(b ? 1.0 : -1.0, 1))
            select z).WithEstimator("b", GradientEstimator.Enumeration);
        var guide = Guide.Marginal(inner, Selection.Of("b"), new Sir(2));
        var e = Assert.Throws<ModelException>(() => Infer.Svi(Conjugate, guide, options: new SviOptions { Steps = 1 }));
        Assert.Contains("'b'", e.Message);
    }

    [Fact]
    public void AMarginalWithoutAuxiliaryChoicesOrScoredAtFixedValuesIsAClearError()
    {
        var none = Guide.Marginal(Guide.FromModel(from z in Sample("z", Normal(0, 1)) select z), Selection.Of("u"), new Sir(2));
        Assert.Contains("no auxiliary choice", Assert.Throws<ModelException>(() => Infer.Svi(Conjugate, none, options: new SviOptions { Steps = 1 })).Message);
        var guide = Guide.Marginal(Guide.FromModel(HierarchicalGuide(0, 1, 1)), Selection.Of("u"), new Sir(2));
        Assert.Contains("WakeQ", Assert.Throws<ModelException>(() => Infer.Svi(Conjugate, guide, options: new SviOptions { Steps = 1, Objective = new WakeQ(2) })).Message);
    }
}
