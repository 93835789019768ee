using TorchSharp;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;
using ScalarDist = Probabilistic.Distributions.Dist;

namespace Probabilistic.Torch.Tests.Models;

/// <summary>Tensor models in the model DSL: Sample of a tensor distribution gives a tensor; log densities stay tensors.</summary>
public class TensorModelTests
{
    private static Tensor T(params double[] v) => tensor(v, dtype: ScalarType.Float64);

    private static readonly double[] Y = [0.5, -1.2, 2.0];

    /// <summary>z ~ N(0, 1)³ (a vector choice); y ~ N(z, 0.5).</summary>
    private static Model<Tensor> Vector() =>
        from z in Sample("z", TensorDist.Normal(zeros(3, dtype: ScalarType.Float64), ones(3, dtype: ScalarType.Float64)))
        from _ in Observe("y", TensorDist.Normal(z, full(3, 0.5, dtype: ScalarType.Float64)), T(Y))
        select z;

    [Fact]
    public void SimulateRecordsTensorValuesAndLogDensities()
    {
        var trace = TensorRun.Simulate(Vector(), new TensorRunOptions { Seed = 4 });
        var z = trace.Values["z"];
        Assert.Equal([3L], z.shape);
        Assert.Same(z, trace.ReturnValue);
        double[] zs = z.data<double>().ToArray();
        double prior = zs.Sum(v => ScalarDist.Normal(0, 1).LogProb(v).Value);
        double likelihood = Enumerable.Range(0, 3).Sum(i => ScalarDist.Normal(zs[i], 0.5).LogProb(Y[i]).Value);
        Assert.Equal(prior, trace.LogPrior.item<double>(), 10);
        Assert.Equal(likelihood, trace.LogLikelihood.item<double>(), 10);
        Assert.Equal(prior + likelihood, trace.LogJoint.item<double>(), 10);
        Assert.Equal(2, trace.Sites.Count);
    }

    [Fact]
    public void GenerateScoresGivenValuesAsTheScalarBackendDoes()
    {
        // The same model on Real scalars (Core's Assess) gives the same log joint at the same values.
        double[] zs = [0.3, -0.7, 1.1];
        var tensorTrace = TensorRun.Generate(Vector(), new Dictionary<Address, Tensor> { ["z"] = T(zs) });
        var scalar =
            from z in Plate("z", 3, ScalarDist.Normal(0, 1))
            from _ in ObserveEach(Y, (y, i) => ScalarDist.Normal(z[i], 0.5))
            select z;
        var choices = ChoiceMap.Of(Enumerable.Range(0, 3).Select(i => (((Address)"z").Child(i), (object)(Real)zs[i])).ToArray());
        Assert.Equal(scalar.Assess(choices), tensorTrace.LogJoint.item<double>(), 10);
    }

    [Fact]
    public void AGivenValueThatIsNeverUsedIsAnErrorNamingIt()
    {
        var e = Assert.Throws<ModelException>(() => TensorRun.Generate(Vector(), new Dictionary<Address, Tensor> { ["w"] = T(1.0) }));
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void ADuplicateAddressIsAnErrorNamingIt()
    {
        var model =
            from a in Sample("a", TensorDist.Normal(T(0.0), T(1.0)))
            from b in Sample("a", TensorDist.Normal(T(0.0), T(1.0)))
            select b;
        Assert.Contains("'a'", Assert.Throws<ModelException>(() => TensorRun.Simulate(model)).Message);
    }

    [Fact]
    public void AnInvalidParameterIsAnErrorNamingTheAddress()
    {
        var model =
            from a in Sample("a", TensorDist.Normal(T(0.0), T(1.0)))
            from b in Sample("b", TensorDist.Normal(a, T(-2.0)))
            select b;
        var e = Assert.Throws<ModelException>(() => TensorRun.Simulate(model));
        Assert.Contains("'b'", e.Message);
        Assert.Contains("'scale' must be positive", e.Message);
    }

    [Fact]
    public void ReparameterizedGuideCarriesGradientsToItsParams()
    {
        var guide =
            from loc in Param("loc", zeros(2, dtype: ScalarType.Float64))
            from scale in Param("scale", ones(2, dtype: ScalarType.Float64), TensorConstraint.Positive)
            from z in Sample("z", TensorDist.Normal(loc, scale))
            select z;
        var store = new TensorParameterStore();
        var trace = TensorRun.Simulate(guide, new TensorRunOptions { Reparameterize = true, Parameters = store, Seed = 2 });
        Assert.True(trace.Values["z"].requires_grad);
        // d/d loc of Σ z = 1 per element (z = loc + scale·ε).
        trace.Values["z"].sum().backward();
        var leaves = store.Parameters().ToArray();
        Assert.Equal(2, leaves.Length);
        Assert.Equal(new[] { 1.0, 1.0 }, leaves[0].grad!.data<double>().ToArray());
        Assert.Equal(1.0, store["scale"][0].item<double>(), 12);
        // Without Reparameterize the draw is detached.
        Assert.False(TensorRun.Simulate(guide, new TensorRunOptions { Parameters = store }).Values["z"].requires_grad);
    }

    [Fact]
    public void ModulesRegisterTheirParametersInTheStore()
    {
        var net = nn.Linear(3, 2, dtype: ScalarType.Float64);
        var decoder =
            from f in Module("decoder", net)
            from z in Sample("z", TensorDist.Normal(zeros(3, dtype: ScalarType.Float64), ones(3, dtype: ScalarType.Float64)))
            from _ in Observe(TensorDist.Normal(f.forward(z), ones(2, dtype: ScalarType.Float64)), T(1.0, -1.0))
            select z;
        var store = new TensorParameterStore();
        var trace = TensorRun.Simulate(decoder, new TensorRunOptions { Parameters = store });
        Assert.Same(net, store.Module("decoder"));
        Assert.Equal(2, store.Parameters().Count());
        trace.LogJoint.backward();
        Assert.All(store.Parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void PlateSubsamplingScalesTheLogLikelihoodByNOverB()
    {
        var data = linspace(-2, 2, 10, dtype: ScalarType.Float64);
        Model<Unit> Model(long? subsample) =>
            from mu in Sample("mu", TensorDist.Normal(T(0.0), T(1.0)))
            from _ in Plate("data", 10, idx => Observe("y", TensorDist.Normal(mu, T(1.0)), data.index_select(0, idx)), subsample)
            select Unit.Value;
        var full = TensorRun.Generate(Model(null), new Dictionary<Address, Tensor> { ["mu"] = T(0.3) });
        double exact = data.data<double>().ToArray().Sum(y => ScalarDist.Normal(0.3, 1).LogProb(y).Value);
        Assert.Equal(exact, full.LogLikelihood.item<double>(), 10);

        var sub = TensorRun.Generate(Model(4), new Dictionary<Address, Tensor> { ["mu"] = T(0.3) }, new TensorRunOptions { Seed = 9 });
        var observed = sub.Sites.Single(s => s.IsObserved);
        Assert.Equal([4L], observed.Value!.shape);
        Assert.Equal(2.5, observed.Scale);
        double batch = observed.Value.data<double>().ToArray().Sum(y => ScalarDist.Normal(0.3, 1).LogProb(y).Value);
        Assert.Equal(2.5 * batch, sub.LogLikelihood.item<double>(), 10);
        // The prior outside the plate is not scaled.
        Assert.Equal(ScalarDist.Normal(0, 1).LogProb(0.3).Value, sub.LogPrior.item<double>(), 10);
    }

    [Fact]
    public void ParticlesBecomeALeadingDimension()
    {
        var model =
            from x0 in Sample("x0", TensorDist.Normal(T(0.0), T(1.0)))
            from x1 in Sample("x1", TensorDist.Normal(x0, T(1.0)))
            from _ in Observe(TensorDist.Normal(x1, T(1.0)), T(0.5))
            select x1;
        var trace = TensorRun.Simulate(model, new TensorRunOptions { Particles = 500 });
        // Parameters of shape [1] (batch [1]) have a size-1 particle dimension, expanded to 500 (MaxPlateNesting 0).
        Assert.Equal([500L], trace.Values["x0"].shape);
        Assert.Equal([500L], trace.Values["x1"].shape);
        Assert.Equal([500L], trace.LogLikelihood.shape);
        Assert.Equal([500L], trace.LogPrior.shape);
    }

    [Fact]
    public void ATensorModelAlsoRunsUnderTheScalarInterpreters()
    {
        var trace = Vector().Simulate(new Rng(5));
        var z = (Tensor)trace.Choices["z"];
        double likelihood = Enumerable.Range(0, 3).Sum(i => ScalarDist.Normal(z[i].item<double>(), 0.5).LogProb(Y[i]).Value);
        Assert.Equal(likelihood, trace.LogLikelihood, 10);
    }
}
