using FsCheck.Xunit;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit;

namespace Probabilistic.PropertyTests.Core;

/// <summary>Simulate, Assess and Generate on random programs, against the reference evaluator.</summary>
public class SimulateAssessGenerateProperties
{
    private const int Draws = 5;

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void SimulatedTraceIsAnExecutionAndAssessGivesItsLogJoint(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var executions = ReferenceEvaluator.Enumerate(program).ToDictionary(e => e.Key);
        var rng = new Rng(program.Seed);
        for (int r = 0; r < Draws; r++)
        {
            var t = model.Simulate(rng);
            var e = ExecutionOf(executions, t.Choices);
            Tolerance.AssertClose(e.LogPrior, t.LogPrior, "Simulate's log prior");
            Tolerance.AssertClose(e.LogLikelihood, t.LogLikelihood, "Simulate's log likelihood");
            Assert.Equal(e.ReturnValue, t.ReturnValue);
            Tolerance.AssertClose(t.LogJoint, model.Assess(t.Choices), $"Assess({t.Choices})");
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void FullyConstrainedGenerateWeighsEveryExecutionByItsLogJoint(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var rng = new Rng(program.Seed);
        foreach (var e in ReferenceEvaluator.Enumerate(program))
        {
            var choices = ChoiceKey.ToChoiceMap(e);
            var (t, w) = model.Generate(choices, rng);
            Tolerance.AssertClose(e.LogJoint, w, $"Generate({choices}) weight");
            Tolerance.AssertClose(model.Assess(choices), w, $"Generate({choices}) weight against Assess");
            ChoiceMapAssert.Equal(choices, t.Choices, "Generate's choices");
            Tolerance.AssertClose(e.LogJoint, t.LogJoint, "Generate's trace log joint");
            Assert.Equal(e.ReturnValue, t.ReturnValue);
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void GenerateWeightIsTheConstrainedDensityTimesTheLikelihood(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var executions = ReferenceEvaluator.Enumerate(program).ToDictionary(e => e.Key);
        var rng = new Rng(program.Seed);
        for (int r = 0; r < Draws; r++)
        {
            var simulated = model.Simulate(rng);
            // The first k choices made: every one of them is visited again whatever the others draw.
            int k = rng.NextInt(simulated.Count + 1);
            var constraints = ChoiceMap.Of(simulated.ChoiceRecords.Take(k).Select(c => (c.Address, c.BoxedValue)).ToArray());
            var (t, w) = model.Generate(constraints, rng);
            var e = ExecutionOf(executions, t.Choices);
            foreach (var (a, v) in constraints) Assert.Equal(v, t.Choices[a]);
            // w = log p(t) − Σ_{x ∉ σ} log p(x): the unconstrained choices' densities are left out.
            double expected = e.LogJoint - e.Choices.Where(c => !constraints.Contains(Address.Parse(c.Address))).Sum(c => c.LogProb);
            Tolerance.AssertClose(expected, w, $"Generate({constraints}) weight");
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void AssessRejectsAChoiceMapThatLacksAVisitedAddressOrHasAnUnvisitedOne(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var rng = new Rng(program.Seed);
        var t = model.Simulate(rng);
        Assert.Throws<ModelException>(() => model.Assess(t.Choices.With(Address.Parse("unvisited"), true)));
        if (t.Count == 0) return;
        var dropped = t.ChoiceRecords.ElementAt(rng.NextInt(t.Count)).Address;
        var fewer = ChoiceMap.Of(t.Choices.Where(kv => kv.Key != dropped).Select(kv => (kv.Key, kv.Value)).ToArray());
        Assert.Throws<ModelException>(() => model.Assess(fewer));
    }

    internal static Execution ExecutionOf(IReadOnlyDictionary<string, Execution> executions, ChoiceMap choices) =>
        executions.TryGetValue(ChoiceKey.Of(choices), out var e)
            ? e
            : throw new Xunit.Sdk.XunitException($"The library's trace {choices} is not an execution of the program.");
}
