using Probabilistic.Inference;
using Probabilistic.PropertyTests.Programs;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.PropertyTests.Core;

/// <summary>The laws of the random-program properties on small programs written by hand, with weights worked out on paper.</summary>
public class HandWrittenProgramFacts
{
    // x ~ Flip(0.3); if x { y ~ Cat(0.2, 0.8) } else { z ~ Flip(0.6); w ~ Cat(0.5, 0.5) }; observe Flip(x ? 0.9 : 0.2) = true.
    // Returns y when x, else 10 + z. The address set is {x, y} or {x, z, w}.
    private static readonly Model<int> Branching =
        from x in Sample("x", Bernoulli(0.3))
        from v in x
            ? Sample("y", Categorical(0.2, 0.8))
            : from z in Sample("z", Bernoulli(0.6))
              from w in Sample("w", Categorical(0.5, 0.5))
              select z ? 11 : 10
        from _ in Observe(Bernoulli(x ? 0.9 : 0.2), true)
        select v;

    private static readonly ChoiceMap XTrueY1 = ChoiceMap.Of(("x", true), ("y", 1));

    [Fact]
    public void AssessAndGenerateGiveTheLogJointOfEachBranch()
    {
        double expected = Math.Log(0.3 * 0.8 * 0.9);
        Assert.Equal(expected, Branching.Assess(XTrueY1), 12);
        var (t, w) = Branching.Generate(XTrueY1, new Rng(1));
        Assert.Equal(expected, w, 12);
        Assert.Equal(expected, t.LogJoint, 12);

        var other = ChoiceMap.Of(("x", false), ("z", true), ("w", 0));
        Assert.Equal(Math.Log(0.7 * 0.6 * 0.5 * 0.2), Branching.Assess(other), 12);
        Assert.Equal(11, Branching.Generate(other, new Rng(1)).Trace.ReturnValue);
    }

    [Fact]
    public void UpdateWithTheSameChoicesChangesNothing()
    {
        var (t, _) = Branching.Generate(XTrueY1, new Rng(1));
        var u = Branching.Update(t, t.Choices, new Rng(2));
        Assert.Equal(0.0, u.Weight);
        Assert.True(t.Choices.Equals(u.Trace.Choices));
        Assert.Equal(t.ReturnValue, u.Trace.ReturnValue);
        Assert.Equal(t.LogJoint, u.Trace.LogJoint);
    }

    [Fact]
    public void RegeneratingTheBranchChoiceWeighsTheMoveByTheLikelihoodRatio()
    {
        // From t = {x = true, y = 1} with S = {x}: staying has w = 0; moving to t' = {x = false, z, w} has
        // p(t') q(t | t') / (p(t) q(t' | t)) = (0.7 pz 0.5 · 0.2)(0.3 · 0.8) / ((0.3 · 0.8 · 0.9)(0.7 pz 0.5)) = 0.2 / 0.9.
        var (t, _) = Branching.Generate(XTrueY1, new Rng(1));
        int moved = 0;
        for (ulong seed = 0; seed < 200; seed++)
        {
            var (next, w) = Branching.Regenerate(t, Selection.Of("x"), new Rng(seed));
            if (next.Get<bool>("x"))
            {
                Assert.True(XTrueY1.Equals(next.Choices));
                Assert.Equal(0.0, w, 12);
            }
            else
            {
                moved++;
                Assert.Equal(new[] { "x", "z", "w" }, next.ChoiceRecords.Select(c => c.Address.ToString()));
                Assert.Equal(Math.Log(0.2 / 0.9), w, 12);
            }
        }
        Assert.InRange(moved, 100, 180); // Binomial(200, 0.7): mean 140, sd 6.5; the bounds are > 6 sd away.
    }

    [Fact]
    public void AKeptValueOutsideItsNewSupportMakesTheMoveImpossible()
    {
        // b's distribution depends on a: Cat(0.5, 0.5) when a, else Cat(0.2, 0.3, 0.5). From {a = false, b = 2},
        // redrawing a to true keeps b = 2, which Cat(0.5, 0.5) cannot give: w = −∞. Keeping b = 1 gives
        // w = log 0.5 − log 0.3 (the proposal of a cancels with its prior).
        var model =
            from a in Sample("a", Bernoulli(0.5))
            from b in Sample("b", a ? Categorical(0.5, 0.5) : Categorical(0.2, 0.3, 0.5))
            select b;
        foreach (var (b, expected) in new[] { (2, double.NegativeInfinity), (1, Math.Log(0.5 / 0.3)) })
        {
            var (t, _) = model.Generate(ChoiceMap.Of(("a", false), ("b", b)), new Rng(1));
            var seen = false;
            for (ulong seed = 0; seed < 100 && !seen; seed++)
            {
                var (next, w) = model.Regenerate(t, Selection.Of("a"), new Rng(seed));
                if (!next.Get<bool>("a")) continue;
                seen = true;
                Assert.Equal(b, next.Get<int>("b"));
                Assert.Equal(expected, w, 12);
            }
            Assert.True(seen);
        }
    }

    [Fact]
    public void NestedCallsPutChoicesUnderTheirNamespace()
    {
        var inner = from a in Sample("a", Bernoulli(0.25)) select a ? 1 : 0;
        var model =
            from u in Call("n0", inner)
            from v in Call("n1", Call("n2", inner))
            select u + v;
        var choices = ChoiceMap.Of(("n0/a", true), ("n1/n2/a", false));
        Assert.Equal(Math.Log(0.25 * 0.75), model.Assess(choices), 12);
        var t = model.Generate(choices, new Rng(1)).Trace;
        Assert.Equal(["n0/a", "n1/n2/a"], t.ChoiceRecords.Select(c => c.Address.ToString()));
        Assert.Equal(1, t.ReturnValue);
    }

    [Fact]
    public void EnumerateGroupsExecutionsByReturnValue()
    {
        // Weights: x: 0.3 · 0.9 = 0.27 (y = 0: 0.054, y = 1: 0.216); not x: 0.7 · 0.2 = 0.14 (z: 0.084, not z: 0.056,
        // each summed over w). Evidence 0.41.
        var posterior = Infer.Enumerate(Branching);
        Assert.Equal(Math.Log(0.41), posterior.LogEvidence, 12);
        Assert.Equal(0.054 / 0.41, posterior.Probability(0), 12);
        Assert.Equal(0.216 / 0.41, posterior.Probability(1), 12);
        Assert.Equal(0.056 / 0.41, posterior.Probability(10), 12);
        Assert.Equal(0.084 / 0.41, posterior.Probability(11), 12);
        Assert.Equal(1.0, posterior.Probabilities.Sum(), 12);
    }

    [Fact]
    public void EnumerateRejectsAProgramWithoutAPossibleExecution()
    {
        var model =
            from x in Sample("x", Bernoulli(0.5))
            from _ in Condition(false)
            select x;
        Assert.Throws<ModelException>(() => Infer.Enumerate(model));

        var impossibleDatum =
            from x in Sample("x", Categorical(0.5, 0.5, 0.0))
            from _ in Observe(Bernoulli(x == 2 ? 0.5 : 0.0), true)
            select x;
        Assert.Throws<ModelException>(() => Infer.Enumerate(impossibleDatum));
    }

    [Fact]
    public void TheReferenceEvaluatorAgreesWithTheHandComputedBranchingProgram()
    {
        // The same program as a description: the evaluator the properties trust, checked against paper.
        var body = new Block(
        [
            new Choose("a0", new DistChoice(new FlipSpec(0.3))),
            new Branch(new AtLeast(-1, 1),
                new Block([new Choose("c0", new DistChoice(new CatSpec([0.2, 0.8])))], [-1], 2),
                new Block([new Choose("a1", new DistChoice(new FlipSpec(0.6))), new Choose("c1", new DistChoice(new CatSpec([0.5, 0.5])))], [-2], 2)),
            new ObserveStmt(null, new DistChoice(new FlipSpec(0.9), new AtLeast(0, 1), new FlipSpec(0.2)), 1),
        ], [-1], 100);
        var executions = ReferenceEvaluator.Enumerate(new ProgramSpec(body, 0));
        Assert.Equal(2 + 4, executions.Count);
        Assert.Equal(0.41, executions.Sum(e => Math.Exp(e.LogJoint)), 12);
        var e = executions.Single(e => e.Key == "a0=1; c0=1");
        Assert.Equal(Math.Log(0.3 * 0.8 * 0.9), e.LogJoint, 12);
        Assert.Equal(1, e.ReturnValue);
    }
}
