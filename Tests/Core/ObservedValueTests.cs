using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core;

/// <summary>NaN and ±∞ in observed data are rejected where they are observed, naming the datum.</summary>
public class ObservedValueTests
{
    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void ObserveEachNamesTheIndexOfANonFiniteDatum(double bad, string shown)
    {
        // Failed before the fix: ±∞ scored −∞ silently (then "every particle has weight 0"), NaN named no index.
        var data = new[] { 0.1, 0.2, bad, 0.4 };
        var e = Assert.Throws<ModelException>(() => ObserveEach(data, (_, _) => Normal(0, 1)));
        Assert.Contains("ObserveEach: datum 2 is " + shown, e.Message);
        var named = Assert.Throws<ModelException>(() => ObserveEach("y", Array.ConvertAll(data, d => (Real)d), (_, _) => Normal(0, 1)));
        Assert.Contains("datum 2 at 'y/2'", named.Message);
        Assert.Equal(Address.Of("y", 2), named.Address);
    }

    [Fact]
    public void ObserveRejectsANonFiniteValueForEveryAlgorithm()
    {
        // The check is in the primitive, so every interpretation meets it: simulate, importance, SMC, NUTS.
        var model = from mu in Sample("mu", Normal(0, 1))
                    from _ in Observe("y", Normal(mu, 1), double.PositiveInfinity)
                    select mu;
        var e = Assert.Throws<ModelException>(() => model.Simulate(new Rng(1)));
        Assert.Contains("Observe: the observed value at 'y' is Infinity", e.Message);
        Assert.Equal(Address.Of("y"), e.Address);
        Assert.Throws<ModelException>(() => Infer.Importance(model, new ImportanceOptions { Samples = 10 }));
        Assert.Throws<ModelException>(() => Infer.Smc(model, new SmcOptions { Particles = 10 }));
        Assert.Throws<ModelException>(() => Infer.Nuts(model, options: new NutsOptions { Chains = 1, Warmup = 5, Draws = 5 }));
    }

    [Fact]
    public void VectorDataNameTheElement()
    {
        var e = Assert.Throws<ModelException>(() => Observe("v", Dirichlet([1.0, 1.0, 1.0]), new Real[] { 0.5, double.NaN, 0.5 }));
        Assert.Contains("element 1 of the observed value at 'v' is NaN", e.Message);
        var each = Assert.Throws<ModelException>(() => ObserveEach(new Real[][] { [0.2, 0.8], [0.5, double.NegativeInfinity] }, (_, _) => Dirichlet([1.0, 1.0])));
        Assert.Contains("element 1 of datum 1 is -Infinity", each.Message);
    }

    [Fact]
    public void DiscreteAndFiniteDataPass()
    {
        var model = from p in Sample("p", Beta(1, 1))
                    from _ in ObserveEach(new[] { 1, 0, 3 }, (_, _) => Poisson(p + 0.1))
                    from __ in ObserveEach(new[] { 0.5, -1.0 }, (_, _) => Normal(0, 1))
                    select p;
        Assert.True(double.IsFinite(model.Simulate(new Rng(2)).LogJoint));
    }
}
