using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Probabilistic.Torch.Tests.Distributions;

/// <summary>Batch and event shapes, sampling, enumeration and parameter errors behave as in PyTorch.</summary>
public class ShapeTests
{
    private static Tensor T(params double[] v) => tensor(v, dtype: ScalarType.Float64);

    [Fact]
    public void ParametersBroadcastIntoTheBatchShape()
    {
        var d = TensorDist.Normal(T(0, 1, 2), T(1, 2).reshape(2, 1));
        Assert.Equal([2L, 3], d.BatchShape);
        Assert.Empty(d.EventShape);
        Assert.Equal([4L, 2, 3], d.Sample(null, 4).shape);
        Assert.Equal([4L, 2, 3], d.LogProb(zeros(4, 2, 3, dtype: ScalarType.Float64)).shape);
        // A value broadcasts against the batch shape, as in PyTorch: [3] against [2, 3] gives [2, 3].
        Assert.Equal([2L, 3], d.LogProb(zeros(3, dtype: ScalarType.Float64)).shape);
    }

    [Fact]
    public void VectorDistributionsHaveAnEventDimension()
    {
        var mvn = TensorDist.MultivariateNormal(zeros(2, 3, dtype: ScalarType.Float64), eye(3, dtype: ScalarType.Float64));
        Assert.Equal([2L], mvn.BatchShape);
        Assert.Equal([3L], mvn.EventShape);
        Assert.Equal([5L, 2, 3], mvn.Sample(null, 5).shape);
        Assert.Equal([5L, 2], mvn.LogProb(zeros(5, 2, 3, dtype: ScalarType.Float64)).shape);

        var dir = TensorDist.Dirichlet(ones(4, 3, dtype: ScalarType.Float64));
        Assert.Equal([4L], dir.BatchShape);
        Assert.Equal([3L], dir.EventShape);

        var ind = TensorDist.Independent(TensorDist.Normal(zeros(2, 3, dtype: ScalarType.Float64), ones(2, 3, dtype: ScalarType.Float64)), 1);
        Assert.Equal([2L], ind.BatchShape);
        Assert.Equal([3L], ind.EventShape);
        Assert.Equal([2L], ind.LogProb(zeros(2, 3, dtype: ScalarType.Float64)).shape);

        var onehot = TensorDist.OneHotCategorical(ones(2, 5, dtype: ScalarType.Float64));
        Assert.Equal([2L], onehot.BatchShape);
        Assert.Equal([5L], onehot.EventShape);
    }

    [Fact]
    public void ExpandBroadcastsTheBatchShape()
    {
        var d = TensorDist.Normal(T(0.0), T(1.0)).Expand(4, 3);
        Assert.Equal([4L, 3], d.BatchShape);
        Assert.Equal([4L, 3], d.Sample(null).shape);
        var relaxed = TensorDist.RelaxedOneHotCategorical(T(0.5), T(0.2, 0.3, 0.5)).Expand(4);
        Assert.Equal([4L], relaxed.LogProb(full(4, 3, 1.0 / 3, dtype: ScalarType.Float64)).shape);
    }

    [Fact]
    public void FiniteSupportsEnumerateAlongANewLeadingDimension()
    {
        var b = TensorDist.Bernoulli(T(0.1, 0.5, 0.9));
        Assert.Equal([2L, 3], b.EnumerateSupport().shape);
        Assert.Equal([2L, 1], b.EnumerateSupport(expand: false).shape);
        var c = TensorDist.Categorical(ones(2, 5, dtype: ScalarType.Float64));
        Assert.Equal([5L, 2], c.EnumerateSupport().shape);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, c.EnumerateSupport(expand: false).flatten().data<long>().ToArray());
        var oh = TensorDist.OneHotCategorical(ones(2, 5, dtype: ScalarType.Float64));
        Assert.Equal([5L, 2, 5], oh.EnumerateSupport().shape);
        var bin = TensorDist.Binomial(4, T(0.3));
        Assert.Equal(new double[] { 0, 1, 2, 3, 4 }, bin.EnumerateSupport().data<double>().ToArray());
        // The enumerated masses sum to one.
        var masses = c.LogProb(c.EnumerateSupport());
        Assert.Equal([5L, 2], masses.shape);
        Assert.Equal(1.0, masses.exp().sum(dim: 0)[0].item<double>(), 12);
        Assert.False(TensorDist.Normal(T(0.0), T(1.0)).HasEnumerateSupport);
        Assert.Throws<NotSupportedException>(() => TensorDist.Normal(T(0.0), T(1.0)).EnumerateSupport());
    }

    [Fact]
    public void RsampleCarriesGradientsToTheParameters()
    {
        var loc = T(1.0, 2.0).requires_grad_();
        var d = TensorDist.Normal(loc, T(1.0, 1.0));
        var x = d.Rsample(new Generator(7), 3);
        x.sum().backward();
        // d x / d loc = 1 for each of the 3 draws.
        Assert.Equal(new[] { 3.0, 3.0 }, loc.grad!.data<double>().ToArray());
        Assert.False(d.Sample(null, 3).requires_grad);
        Assert.Throws<NotSupportedException>(() => TensorDist.Bernoulli(T(0.5)).Rsample(null));
    }

    [Fact]
    public void AGeneratorMakesDrawsReproducible()
    {
        var d = TensorDist.Gamma(T(2.0, 3.0), T(1.0, 0.5));
        Assert.Equal(d.Sample(new Generator(11), 4).data<double>().ToArray(), d.Sample(new Generator(11), 4).data<double>().ToArray());
    }

    [Fact]
    public void ShapeMismatchesNameBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorDist.Normal(zeros(3, dtype: ScalarType.Float64), ones(2, dtype: ScalarType.Float64)));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[2]", e.Message);
        Assert.Contains("Normal", e.Message);
        var mvn = Assert.Throws<ArgumentException>(() => TensorDist.MultivariateNormal(zeros(3, dtype: ScalarType.Float64), eye(2, dtype: ScalarType.Float64)));
        Assert.Contains("[3]", mvn.Message);
        Assert.Contains("[2, 2]", mvn.Message);
        var value = Assert.Throws<ArgumentException>(() => TensorDist.Dirichlet(ones(3, dtype: ScalarType.Float64)).LogProb(full(4, 1.0 / 4, dtype: ScalarType.Float64)));
        Assert.Contains("[4]", value.Message);
        Assert.Contains("event shape [3]", value.Message);
    }

    [Fact]
    public void InvalidParameterValuesAreErrorsNamingTheParameterAtFirstUse()
    {
        // Values are checked once, at the first draw or density (or Validate()): building reads no tensor element.
        Assert.Contains("'scale' must be positive", Assert.Throws<ArgumentException>(() => TensorDist.Normal(T(0.0), T(-1.0)).Validate()).Message);
        Assert.Contains("'scale' must be positive", Assert.Throws<ArgumentException>(() => TensorDist.Normal(T(0.0), T(-1.0)).LogProb(T(0.0))).Message);
        Assert.Contains("'probs' must lie in [0, 1]", Assert.Throws<ArgumentException>(() => TensorDist.Bernoulli(T(1.5)).Sample(null)).Message);
        Assert.Contains("'loc' has a non-finite", Assert.Throws<ArgumentException>(() => TensorDist.Normal(T(double.NaN), T(1.0)).Validate()).Message);
        Assert.Contains("high - low", Assert.Throws<ArgumentException>(() => TensorDist.Uniform(T(1.0), T(1.0)).Validate()).Message);
        Assert.Contains("'concentration' must be positive", Assert.Throws<ArgumentException>(() => TensorDist.Dirichlet(T(1.0, 0.0)).Validate()).Message);
        // Types and shapes are checked when the distribution is built.
        Assert.Contains("floating-point", Assert.Throws<ArgumentException>(() => TensorDist.Exponential(tensor(new long[] { 1 }))).Message);
        Assert.Contains("not positive definite", Assert.Throws<ArgumentException>(() =>
            TensorDist.MultivariateNormalCovariance(zeros(2, dtype: ScalarType.Float64), T(1, 2, 2, 1).reshape(2, 2))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorDist.Independent(TensorDist.Normal(tensor(0.0), tensor(1.0)), 1));
    }

    [Fact]
    public void AsAScalarDistributionLogProbIsTheSum()
    {
        IDistribution<Tensor> d = TensorDist.Normal(T(0, 1), T(1, 1));
        var x = d.Sample(new Rng(3));
        Assert.Equal([2L], x.shape);
        double expected = TensorDist.Normal(T(0, 1), T(1, 1)).LogProb(x).sum().item<double>();
        Assert.Equal(expected, d.LogProb(x).Value, 12);
    }
}
