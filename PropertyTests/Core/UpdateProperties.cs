using FsCheck.Xunit;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit;

namespace Probabilistic.PropertyTests.Core;

/// <summary>Update against the reference evaluator: the identity when nothing changes, and its weight when something does.</summary>
public class UpdateProperties
{
    private const int Moves = 8;

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void UpdateWeightIsTheJointRatioLessTheFreshChoices(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var executions = ReferenceEvaluator.Enumerate(program);
        var possible = executions.Where(e => e.LogJoint > double.NegativeInfinity).ToList();
        if (possible.Count == 0) return;
        var rng = new Rng(program.Seed, 3);
        for (int m = 0; m < Moves; m++)
        {
            var from = possible[rng.NextInt(possible.Count)];
            var target = executions[rng.NextInt(executions.Count)];
            var (t, _) = model.Generate(ChoiceKey.ToChoiceMap(from), rng);
            // σ = the first k choices of another execution: all of them are visited again, whatever follows.
            var targetTrace = model.Generate(ChoiceKey.ToChoiceMap(target), rng).Trace;
            int k = rng.NextInt(targetTrace.Count + 1);
            var constraints = ChoiceMap.Of(targetTrace.ChoiceRecords.Take(k).Select(c => (c.Address, c.BoxedValue)).ToArray());

            var u = model.Update(t, constraints, rng);
            // t' may keep a value that its new distribution gives probability 0, so it is assessed, not looked up.
            var next = ReferenceEvaluator.Assess(program, ChoiceKey.ToInts(u.Trace.Choices))
                ?? throw new Xunit.Sdk.XunitException($"Update's trace {u.Trace.Choices} is not an execution of the program.");
            var previous = from.ByAddress;
            string what = $"Update from {from.Key} with {constraints} to {next.Key}";
            foreach (var c in next.Choices)
            {
                var address = Address.Parse(c.Address);
                if (constraints.Contains(address)) Assert.Equal(constraints[address], u.Trace.Choices[address]);
                else if (previous.TryGetValue(c.Address, out var kept) && kept.Value != c.Value)
                    throw new Xunit.Sdk.XunitException($"{what}: '{c.Address}' should keep {kept.Value}.");
            }
            // w = log p(t') − log p(t) − Σ_{fresh x ∈ t'} log p(x), fresh = neither constrained nor in t.
            double fresh = next.Choices.Where(c => !constraints.Contains(Address.Parse(c.Address)) && !previous.ContainsKey(c.Address)).Sum(c => c.LogProb);
            Tolerance.AssertClose(next.LogJoint - from.LogJoint - fresh, u.Weight, $"{what}: weight");
            Tolerance.AssertClose(next.LogJoint, u.Trace.LogJoint, $"{what}: log joint");
            // The discard holds t's values that t' overwrote or no longer visits.
            var discard = ChoiceMap.Of(from.Choices
                .Where(c => constraints.Contains(Address.Parse(c.Address)) || !next.ByAddress.ContainsKey(c.Address))
                .Select(c => (Address.Parse(c.Address), c.IsFlip ? (object)(c.Value == 1) : c.Value)).ToArray());
            ChoiceMapAssert.Equal(discard, u.Discard, $"{what}: discard");
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void UpdateWithTheTracesOwnChoicesReturnsAnEqualTraceWithWeightZero(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var rng = new Rng(program.Seed);
        foreach (var e in ReferenceEvaluator.Enumerate(program))
        {
            var (t, _) = model.Generate(ChoiceKey.ToChoiceMap(e), rng);
            foreach (var constraints in new[] { t.Choices, ChoiceMap.Empty })
            {
                var u = model.Update(t, constraints, rng);
                ChoiceMapAssert.Equal(t.Choices, u.Trace.Choices, "Update's choices");
                Assert.Equal(t.ReturnValue, u.Trace.ReturnValue);
                Tolerance.AssertClose(t.LogJoint, u.Trace.LogJoint, "Update's log joint");
                Tolerance.AssertClose(t.LogLikelihood, u.Trace.LogLikelihood, "Update's log likelihood");
                // Every constrained choice is overwritten (by its own value) and so discarded; nothing else is.
                ChoiceMapAssert.Equal(constraints, u.Discard, "Update's discard");
                // w = log p(t') − log p(t) is undefined (−∞ − (−∞)) for an execution of probability 0.
                if (e.LogJoint > double.NegativeInfinity)
                    Tolerance.AssertClose(0.0, u.Weight, $"Update(t, {(constraints.Count == 0 ? "{}" : "t.Choices")}) weight for {t.Choices}");
            }
        }
    }
}
