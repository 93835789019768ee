using Probabilistic.Inference;
using Probabilistic.Distributions;
using Probabilistic.Inference.Variational;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

public class ParameterStoreTests
{
    private static readonly Model<Real> WithParams =
        from loc in Param("loc", 0.5)
        from scale in Param("scale", 2.0, Support.Positive)
        from w in Param("w", new Real[] { 0.2, 0.3, 0.5 }, Support.Simplex(3))
        from x in Sample("x", Normal(loc + w[0], scale))
        select x;

    [Fact]
    public void ParametersAreCreatedFromTheirInitialValuesAndConstrained()
    {
        var store = new ParameterStore();
        WithParams.WithParameters(store).Simulate(new Rng(1));
        Assert.Equal(0.5, store.Get("loc"), 14);
        Assert.Equal(2.0, store.Get("scale"), 14);
        Assert.Equal([0.2, 0.3, 0.5], store.GetVector("w").Select(v => Math.Round(v, 12)));
        Assert.Equal(1 + 1 + 2, store.Dimension); // the simplex of 3 has 2 free coordinates
        var u = store.Unconstrained;
        u[1] = Math.Log(3.0); // scale = exp(u)
        store.SetUnconstrained(u);
        Assert.Equal(3.0, store.Get("scale"), 14);
    }

    [Fact]
    public void WithoutASourceParametersAreTheirInitialValues()
    {
        var t = WithParams.Simulate(new Rng(2));
        Assert.True(double.IsFinite(t.LogJoint));
    }

    [Fact]
    public void JsonRoundTripKeepsTheValues()
    {
        var store = new ParameterStore();
        WithParams.WithParameters(store).Simulate(new Rng(1));
        var u = store.Unconstrained;
        for (int i = 0; i < u.Length; i++) u[i] += 0.1 * (i + 1);
        store.SetUnconstrained(u);
        var loaded = ParameterStore.FromJson(store.ToJson());
        WithParams.WithParameters(loaded).Simulate(new Rng(1));
        Assert.Equal(store.Unconstrained.Select(v => Math.Round(v, 10)), loaded.Unconstrained.Select(v => Math.Round(v, 10)));
        Assert.Throws<FormatException>(() => ParameterStore.FromJson("{\"parameters\": 3}"));
    }

    [Fact]
    public void ErrorsNameTheParameter()
    {
        var store = new ParameterStore();
        var bad = from s in Param("s", -1.0, Support.Positive) select s;
        var e = Assert.Throws<ModelException>(() => bad.WithParameters(store).Simulate(new Rng(1)));
        Assert.Equal(Address.Of("s"), e.Address);
        var store2 = new ParameterStore();
        var twice = from a in Param("p", 1.0) from b in Param("p", 1.0, Support.Positive) select a;
        var e2 = Assert.Throws<ModelException>(() => twice.WithParameters(store2).Simulate(new Rng(1)));
        Assert.Equal(Address.Of("p"), e2.Address);
        var ex = Assert.Throws<ArgumentException>(() => store2.SetUnconstrained([double.NaN]));
        Assert.Contains("'p'", ex.Message);
        Assert.Throws<KeyNotFoundException>(() => store2.Get("nope"));
    }

    [Fact]
    public void SviContinuesFromAGivenStore()
    {
        var model = from z in Sample("z", Normal(0, 1)) from _ in Observe(Normal(z, 1), (Real)1.0) select z;
        var guide = Guide.FromModel(from m in Param("m", 0.0) from s in Param("s", 1.0, Support.Positive) from z in Sample("z", Normal(m, s)) select z);
        var first = Infer.Svi(model, guide, options: new SviOptions { Steps = 200, Seed = 1 });
        double m1 = first.Parameters.Get("m");
        var saved = ParameterStore.FromJson(first.Parameters.ToJson());
        var resumed = Infer.Svi(model, guide, options: new SviOptions { Steps = 0, Parameters = saved });
        Assert.Same(saved, resumed.Parameters);
        var again = Infer.Svi(model, guide, options: new SviOptions { Steps = 1, Seed = 2, Parameters = saved, Optimizer = () => new Sgd(learningRate: 1e-12) });
        Assert.Equal(m1, again.Parameters.Get("m"), 9);
    }
}
