using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core;

public class GenerativeFunctionTests
{
    // x ~ Bernoulli(0.3); if x then y ~ Categorical(.2,.8) else z ~ Bernoulli(0.6); observe Bernoulli(x ? .9 : .2) = true.
    private static readonly Model<int> Branching =
        from x in Sample("x", Bernoulli(0.3))
        from v in x
            ? Sample("y", Categorical(0.2, 0.8))
            : Sample("z", Bernoulli(0.6)).Select(b => b ? 5 : 6)
        from _ in Observe(Bernoulli(x ? 0.9 : 0.2), true)
        select v;

    [Fact]
    public void SimulateRecordsChoicesScoresAndLogDensities()
    {
        var t = Branching.Simulate(new Rng(1));
        bool x = t.Get<bool>("x");
        Assert.Equal(2, t.Count);
        Assert.Equal(x ? "y" : "z", t.ChoiceRecords.Last().Address.ToString());
        double expectedPrior = Math.Log(x ? 0.3 : 0.7) + t.ChoiceRecords.Last().LogProb;
        Assert.Equal(expectedPrior, t.LogPrior, 12);
        Assert.Equal(Math.Log(x ? 0.9 : 0.2), t.LogLikelihood, 12);
        Assert.Equal(t.LogPrior + t.LogLikelihood, t.LogJoint);
        Assert.Single(t.Scores);
    }

    [Fact]
    public void SameSeedGivesIdenticalTraces()
    {
        var model = Plate("c", 50, i => Categorical(0.1, 0.2, 0.3, 0.4));
        var a = model.Simulate(new Rng(99));
        var b = model.Simulate(new Rng(99));
        Assert.Equal(a.Choices, b.Choices);
        Assert.Equal(a.ReturnValue, b.ReturnValue);
        Assert.Equal(a.LogJoint, b.LogJoint);
        Assert.NotEqual(a.Choices, model.Simulate(new Rng(100)).Choices);
    }

    [Fact]
    public void GenerateWeightIsConstrainedDensityPlusLikelihood()
    {
        var (t, w) = Branching.Generate(ChoiceMap.Of(("x", true), ("y", 1)), new Rng(3));
        Assert.Equal(1, t.ReturnValue);
        Assert.Equal(Math.Log(0.3) + Math.Log(0.8) + Math.Log(0.9), w, 12);
        Assert.Equal(w, Branching.Assess(t.Choices), 12);

        // Partially constrained: the weight leaves out the unconstrained choice's density.
        var (t2, w2) = Branching.Generate(ChoiceMap.Of(("x", false)), new Rng(3));
        Assert.Equal(Math.Log(0.7) + Math.Log(0.2), w2, 12);
        Assert.True(t2.Contains("z"));
    }

    [Fact]
    public void ValueOutsideSupportIsWeightMinusInfinityNotAnError()
    {
        var (_, w) = Branching.Generate(ChoiceMap.Of(("x", true), ("y", 7)), new Rng(3));
        Assert.Equal(double.NegativeInfinity, w);
        var observeImpossible = Observe(Categorical(0.5, 0.5), 3);
        Assert.Equal(double.NegativeInfinity, observeImpossible.Simulate(new Rng(1)).LogLikelihood);
        Assert.Equal(double.NegativeInfinity, Condition(false).Simulate(new Rng(1)).LogJoint);
    }

    [Fact]
    public void UpdateChangesChoicesAndReportsWeightAndDiscard()
    {
        var (t, _) = Branching.Generate(ChoiceMap.Of(("x", true), ("y", 1)), new Rng(3));
        var r = Branching.Update(t, ChoiceMap.Of(("x", false)), new Rng(4));
        Assert.False(r.Trace.Get<bool>("x"));
        Assert.False(r.Trace.Contains("y"));
        double fresh = r.Trace["z"].LogProb;
        Assert.Equal(r.Trace.LogJoint - t.LogJoint - fresh, r.Weight, 12);
        Assert.Equal(ChoiceMap.Of(("x", true), ("y", 1)), r.Discard);

        var same = Branching.Update(t, t.Choices, new Rng(5));
        Assert.Equal(0.0, same.Weight);
        Assert.Equal(t.Choices, same.Trace.Choices);
    }

    [Fact]
    public void UpdateWithAnotherModelRescoresKeptChoices()
    {
        var prior = Sample("p", Bernoulli(0.5));
        var changed = Sample("p", Bernoulli(0.9));
        var t = prior.Generate(ChoiceMap.Of(("p", true)), new Rng(1)).Trace;
        var r = changed.Update(t, ChoiceMap.Empty, new Rng(1));
        Assert.Equal(Math.Log(0.9) - Math.Log(0.5), r.Weight, 12);
    }

    [Fact]
    public void RegenerateKeepsUnselectedChoices()
    {
        var model = from a in Sample("a", Bernoulli(0.5))
                    from b in Sample("b", Bernoulli(a ? 0.9 : 0.1))
                    from _ in Observe(Bernoulli(b ? 0.7 : 0.4), true)
                    select b;
        var t = model.Generate(ChoiceMap.Of(("a", true), ("b", true)), new Rng(1)).Trace;
        for (ulong seed = 0; seed < 20; seed++)
        {
            var (t2, w) = model.Regenerate(t, Selection.Of("a"), new Rng(seed));
            Assert.True(t2.Get<bool>("b"));
            bool a2 = t2.Get<bool>("a");
            // Only b is kept: w = log p'(b) − log p(b), no likelihood change.
            Assert.Equal(Math.Log(a2 ? 0.9 : 0.1) - Math.Log(0.9), w, 12);
        }
    }

    [Fact]
    public void CallNamespacesAndPlateAddresses()
    {
        var inner = from u in Sample("u", Bernoulli(0.5)) select u;
        var model = from a in Call("outer", Call(Address.Parse("sub/2"), inner))
                    from xs in Plate("xs", 3, i => Categorical(0.5, 0.5))
                    select xs.Length;
        var t = model.Simulate(new Rng(1));
        Assert.Equal(new[] { "outer/sub/2/u", "xs/0", "xs/1", "xs/2" }, t.ChoiceRecords.Select(c => c.Address.ToString()));
        Assert.Equal(3, t.ReturnValue);
    }

    [Fact]
    public void SequenceRunsModelsInOrder()
    {
        var model = Sequence(Enumerable.Range(0, 4).Select(i => Sample(Address.Root.Child("s").Child(i), Bernoulli(1.0)).Select(_ => i * i)));
        var t = model.Simulate(new Rng(1));
        Assert.Equal(new[] { 0, 1, 4, 9 }, t.ReturnValue);
        Assert.Equal(4, t.Count);
    }
}
