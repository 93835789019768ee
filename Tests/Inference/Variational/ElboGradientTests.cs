using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>Unbiasedness of the ELBO's gradient estimators against the analytic gradient of a conjugate Gaussian model.</summary>
public class ElboGradientTests
{
    private const double X = 1.0;

    // z ~ N(0, 1), x ~ N(z, 1) observed at X; guide z ~ N(m, s), s = exp(u) (the positive support's bijector).
    private static readonly Model<Real> Target =
        from z in Sample("z", Normal(0, 1))
        from _ in Observe(Normal(z, 1), (Real)X)
        select z;

    private static readonly Model<Real> GuideModel =
        from m in Param("m", 0.3)
        from s in Param("s", 0.8, Support.Positive)
        from z in Sample("z", Normal(m, s))
        select z;

    /// <summary>
    /// ELBO(m, s) = −log 2π − ½(m² + s²) − ½((X − m)² + s²) + ½ log(2πe s²), so ∂/∂m = X − 2m and, with s = eᵘ,
    /// ∂/∂u = 1 − 2s². The mean of N independent estimates is within 4.5 standard errors (their sample sd / √N) of
    /// this for each coordinate: a normal mean misses by that much with probability 7e-6.
    /// </summary>
    [Theory]
    [InlineData(GradientEstimator.Reparameterization, 4000)]
    [InlineData(GradientEstimator.Reinforce, 40000)]
    [InlineData(GradientEstimator.MeasureValued, 4000)]
    public void EstimatesAreUnbiased(GradientEstimator estimator, int n)
    {
        var guide = Guide.FromModel(GuideModel).WithEstimator("z", estimator);
        var store = new ParameterStore();
        var rng = new Rng(7);
        var tape = new Tape();
        var context = new TapeObjectiveContext(d => ModelScorer.LogJoint(Target, ChoiceMap.Empty, d, store, "ELBO"), guide, store, rng, []);
        var objective = new Elbo();
        SviStep.Gradient(objective, context, store, tape, 0); // creates the parameters and warms the baseline
        var sums = new double[2];
        var squares = new double[2];
        for (int i = 0; i < n; i++)
        {
            var (_, g) = SviStep.Gradient(objective, context, store, tape, i);
            for (int k = 0; k < 2; k++)
            {
                sums[k] += g[k];
                squares[k] += g[k] * g[k];
            }
        }
        double m = store.Get("m"), s = store.Get("s");
        double[] exact = [X - 2 * m, 1 - 2 * s * s];
        for (int k = 0; k < 2; k++)
        {
            double mean = sums[k] / n;
            double se = Math.Sqrt((squares[k] / n - mean * mean) / n);
            Assert.True(Math.Abs(mean - exact[k]) <= 4.5 * se, $"{estimator}, coordinate {k}: mean {mean}, exact {exact[k]}, SE {se}");
        }
    }

    [Fact]
    public void ReparameterizationOnADiscreteChoiceIsAnErrorNamingIt()
    {
        var guide = Guide.FromModel(from b in Sample("b", Bernoulli(0.5)) select b).WithEstimator("b", GradientEstimator.Reparameterization);
        var model = from b in Sample("b", Bernoulli(0.3)) select b;
        var e = Assert.Throws<ModelException>(() => Infer.Svi(model, guide, options: new SviOptions { Steps = 1 }));
        Assert.Equal(Address.Of("b"), e.Address);
    }

    [Fact]
    public void AGuideMissingALatentChoiceIsAnErrorNamingIt()
    {
        var model = from a in Sample("a", Normal(0, 1))
                    from b in Sample("b", Normal(a, 1))
                    select b;
        var guide = Guide.FromModel(from a in Sample("a", Normal(0, 1)) select a);
        var e = Assert.Throws<ModelException>(() => Infer.Svi(model, guide, options: new SviOptions { Steps = 1 }));
        Assert.Equal(Address.Of("b"), e.Address);
        var extra = Guide.FromModel(from a in Sample("a", Normal(0, 1)) from b in Sample("b", Normal(0, 1)) from c in Sample("c", Normal(0, 1)) select a);
        var e2 = Assert.Throws<ModelException>(() => Infer.Svi(model, extra, options: new SviOptions { Steps = 1 }));
        Assert.Equal(Address.Of("c"), e2.Address);
    }
}
