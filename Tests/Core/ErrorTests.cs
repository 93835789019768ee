using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core;

public class ErrorTests
{
    [Fact]
    public void DuplicateAddressNamesTheAddress()
    {
        var model = from a in Sample("a", Bernoulli(0.5))
                    from b in Call("n", Sample("a", Bernoulli(0.5)))
                    from c in Sample(Address.Parse("n/a"), Bernoulli(0.5))
                    select c;
        var e = Assert.Throws<DuplicateAddressException>(() => model.Simulate(new Rng(1)));
        Assert.Equal(Address.Parse("n/a"), e.Address);
        Assert.Contains("'n/a'", e.Message);
    }

    [Fact]
    public void DuplicateAddressInsideFoldIsCaught()
    {
        var model = Fold("f", 3, 0, (s, t) => Sample(Address.Parse(t == 2 ? "../x" : "x").Child(0), Bernoulli(0.5)).Select(_ => s));
        // Steps write f/0/x/0, f/1/x/0 and f/2/../x/0: all distinct, so no error; then repeat one explicitly.
        model.Simulate(new Rng(1));
        var dup = from a in Plate("p", 2, Bernoulli(0.5))
                  from b in Sample(Address.Parse("p/1"), Bernoulli(0.5))
                  select b;
        Assert.Equal(Address.Parse("p/1"), Assert.Throws<DuplicateAddressException>(() => dup.Simulate(new Rng(1))).Address);
    }

    [Fact]
    public void NullModelAndNegativeSizesAreRejected()
    {
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => Call<int>("a", null!)).ParamName);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Plate("p", -1, Bernoulli(0.5)));
        Assert.Equal("count", e.ParamName);
        Assert.Contains("'p'", e.Message);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => Fold("f", -2, 0, (s, t) => Return(s))).ParamName);
        var nullContinuation = Sample("a", Bernoulli(0.5)).SelectMany<bool, int>(_ => null!);
        Assert.Throws<ModelException>(() => nullContinuation.Simulate(new Rng(1)));
    }

    [Fact]
    public void ConstraintsTheModelNeverVisitsAreNamed()
    {
        var model = Sample("a", Bernoulli(0.5));
        var e = Assert.Throws<ModelException>(() => model.Generate(ChoiceMap.Of(("a", true), ("b", false)), new Rng(1)));
        Assert.Equal(Address.Parse("b"), e.Address);
        Assert.Contains("'b'", e.Message);
        var t = model.Simulate(new Rng(1));
        Assert.Throws<ModelException>(() => model.Update(t, ChoiceMap.Of(("zz", 1)), new Rng(1)));
        Assert.Throws<ModelException>(() => model.Assess(ChoiceMap.Of(("a", true), ("c", 1))));
        var missing = Assert.Throws<ModelException>(() => model.Assess(ChoiceMap.Empty));
        Assert.Equal(Address.Parse("a"), missing.Address);
    }

    [Fact]
    public void WrongValueTypeNamesTheAddress()
    {
        var model = Sample("a", Bernoulli(0.5));
        var e = Assert.Throws<ModelException>(() => model.Generate(ChoiceMap.Of(("a", 3)), new Rng(1)));
        Assert.Equal(Address.Parse("a"), e.Address);
        Assert.Contains("Int32", e.Message);
    }

    [Fact]
    public void InvalidDistributionParametersNameDistributionParameterAndValue()
    {
        var e = Assert.Throws<ArgumentException>(() => Bernoulli(1.5));
        Assert.Contains("Bernoulli", e.Message);
        Assert.Contains("1.5", e.Message);
        Assert.Equal("p", e.ParamName);
        Assert.Throws<ArgumentException>(() => Bernoulli(double.NaN));
        var c = Assert.Throws<ArgumentException>(() => Categorical(0.5, 0.6));
        Assert.Contains("sum", c.Message);
        Assert.Equal("probs[1]", Assert.Throws<ArgumentException>(() => Categorical(0.5, -0.1, 0.6)).ParamName);
        Assert.Throws<ArgumentException>(() => UniformDraw(1, 2, 1));
    }

    [Fact]
    public void NaNAndPositiveInfiniteWeightsAreErrors()
    {
        Assert.Throws<ModelException>(() => Factor(double.NaN).Simulate(new Rng(1)));
        Assert.Throws<ModelException>(() => Factor(double.PositiveInfinity).Simulate(new Rng(1)));
    }
}
