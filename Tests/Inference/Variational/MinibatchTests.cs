using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>Subsampled plates: whole plates outside SVI, unbiased minibatch objectives and gradients inside it.</summary>
public class MinibatchTests
{
    private const int N = 20;

    private static readonly double[] Data = Enumerable.Range(0, N).Select(i => Math.Sin(i) + 0.3 * i / N).ToArray();

    // μ ~ N(0, 1); per datum a local latent zᵢ ~ N(μ, 1) and yᵢ ~ N(zᵢ, 0.5).
    private static Model<Real> LocalLatentModel(int batch) =>
        from mu in Sample("mu", Normal(0, 1))
        from zs in Plate("data", N, batch, i =>
            from z in Sample("z", Normal(mu, 1))
            from _ in Observe(Normal(z, 0.5), (Real)Data[i])
            select z)
        select mu;

    private static Model<Real> LocalLatentGuide(int batch) =>
        from m in Param("m", 0.2)
        from mu in Sample("mu", Normal(m, 0.5))
        from zs in Plate("data", N, batch, i =>
            from a in Param($"a{i}", 0.1 * i)
            from z in Sample("z", Normal(a, 0.7))
            select z)
        select mu;

    private static (double Mean, double Se) ObjectiveMean(int batch, int n, ulong seed, bool reinforceOnLocals = false)
    {
        var guide = Guide.FromModel(LocalLatentGuide(batch));
        if (reinforceOnLocals) for (int i = 0; i < N; i++) guide.WithEstimator(Address.Root / "data" / i / "z", GradientEstimator.Reinforce);
        var history = Infer.Svi(LocalLatentModel(batch), guide,
            options: new SviOptions { Steps = n, Seed = seed, Optimizer = () => new Sgd(learningRate: 1e-300) }).History;
        double mean = history.Average();
        return (mean, Math.Sqrt(history.Sum(h => (h - mean) * (h - mean)) / (n - 1) / n));
    }

    /// <summary>
    /// Outside SVI a subsampled plate is the whole plate: the log density of the model written with
    /// <c>Plate(name, N, 5, body)</c> equals the one written with <c>Plate(name, N, body)</c> at random points (to 1e-12).
    /// </summary>
    [Fact]
    public void WithoutASubsamplerThePlateRunsEveryItem()
    {
        Model<Real> Full() =>
            from mu in Sample("mu", Normal(0, 1))
            from zs in Plate("data", N, i => from z in Sample("z", Normal(mu, 1)) from _ in Observe(Normal(z, 0.5), (Real)Data[i]) select z)
            select mu;
        var a = ModelDensity<Real>.Create(LocalLatentModel(5));
        var b = ModelDensity<Real>.Create(Full());
        Assert.Equal(b.Dimension, a.Dimension);
        var rng = new Rng(3);
        for (int k = 0; k < 5; k++)
        {
            var theta = Enumerable.Range(0, a.Dimension).Select(_ => rng.NextGaussian()).ToArray();
            Assert.Equal(b.LogDensity(theta), a.LogDensity(theta), 12);
        }
    }

    /// <summary>
    /// The minibatch ELBO (5 of 20 data, local latents in model and guide, every score in the plate scaled by 4) is
    /// unbiased for the whole-data ELBO: the means of 20,000 estimates each (independent seeds) agree within 4.5 SE of
    /// their difference (a normal difference misses by that much with probability 7e-6).
    /// </summary>
    [Fact]
    public void MinibatchElboIsUnbiasedForTheFullElbo()
    {
        var full = ObjectiveMean(N, 20000, 1);
        var mini = ObjectiveMean(5, 20000, 2);
        double se = Math.Sqrt(full.Se * full.Se + mini.Se * mini.Se);
        Assert.True(Math.Abs(full.Mean - mini.Mean) <= 4.5 * se, $"full {full.Mean} ± {full.Se}, minibatch {mini.Mean} ± {mini.Se}");
        Assert.True(mini.Se > full.Se, "the minibatch estimate should be the noisier one (else the plate was not subsampled)");
    }

    /// <summary>
    /// The gradient in m (the global guide mean) of the minibatch ELBO equals the full-data one in expectation: the exact
    /// value is d/dm E_q[log p(μ) + Σᵢ log N(zᵢ; μ, 1)] = −m + Σᵢ (aᵢ − m) (Gaussian expectations; y and the
    /// entropy do not involve m). Mean of 20,000 minibatch estimates within 4.5 SE, with local latents reparameterized
    /// and with REINFORCE on them.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MinibatchGradientIsUnbiased(bool reinforceOnLocals)
    {
        const double m = 0.2;
        double exact = -m + Enumerable.Range(0, N).Sum(i => 0.1 * i - m);
        var guide = Guide.FromModel(LocalLatentGuide(5));
        if (reinforceOnLocals) for (int i = 0; i < N; i++) guide.WithEstimator(Address.Root / "data" / i / "z", GradientEstimator.Reinforce);
        var store = new ParameterStore();
        var model = LocalLatentModel(5);
        var context = new TapeObjectiveContext(d => ModelScorer.LogJoint(model, ChoiceMap.Empty, d, store, "ELBO"), guide, store, new Rng(5), []);
        var minibatches = new MinibatchSubsampler(new Rng(6));
        store.Subsampler = minibatches;
        var tape = new Tape();
        const int n = 20000;
        var g = new double[n];
        int index = -1;
        for (int k = 0; k < n; k++)
        {
            minibatches.NextStep();
            var gradient = SviStep.Gradient(new Elbo(), context, store, tape, k).Gradient;
            if (index < 0) index = store.Addresses.ToList().IndexOf("m");
            g[k] = gradient[index];
        }
        double mean = g.Average(), se = Math.Sqrt(g.Sum(x => (x - mean) * (x - mean)) / (n - 1) / n);
        Assert.True(Math.Abs(mean - exact) <= 4.5 * se, $"mean {mean}, exact {exact}, SE {se}");
        Assert.True(se < 0.1 * Math.Abs(exact), $"SE {se} too large for the test to have power");
    }

    [Fact]
    public void SubsampleSizesOutOfRangeAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Plate("data", 10, 0, i => Sample("z", Normal(0, 1))));
        Assert.Contains("'data'", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Plate("data", 10, 11, i => Sample("z", Normal(0, 1))));
    }

    [Fact]
    public void ABranchingEstimatorInsideAMinibatchIsAClearError()
    {
        var model = from zs in Plate("data", 4, 2, i => from b in Sample("b", Bernoulli(0.5)) from _ in Observe(Normal(b ? 1.0 : 0.0, 1), (Real)0.5) select b) select 0;
        var guide = Guide.FromModel(from zs in Plate("data", 4, 2, i => Sample("b", Bernoulli(0.4))) select 0);
        for (int i = 0; i < 4; i++) guide.WithEstimator(Address.Root / "data" / i / "b", GradientEstimator.Enumeration);
        var e = Assert.Throws<ModelException>(() => Infer.Svi(model, guide, options: new SviOptions { Steps = 1 }));
        Assert.Contains("subsampled plate", e.Message);
    }
}
