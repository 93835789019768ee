using FsCheck.Xunit;
using Probabilistic.Inference;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit;

namespace Probabilistic.PropertyTests.Inference.Exact;

/// <summary><c>Infer.Enumerate</c> against the reference evaluator's brute-force list of executions.</summary>
public class EnumerateProperties
{
    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void EnumerateEqualsBruteForcePosteriorAndEvidence(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var possible = ReferenceEvaluator.Enumerate(program).Where(e => e.LogJoint > double.NegativeInfinity).ToList();
        if (possible.Count == 0)
        {
            Assert.Throws<ModelException>(() => Infer.Enumerate(model));
            return;
        }

        double max = possible.Max(e => e.LogJoint);
        double total = possible.Sum(e => Math.Exp(e.LogJoint - max));
        double logEvidence = max + Math.Log(total);
        var expected = possible.GroupBy(e => e.ReturnValue)
            .ToDictionary(g => g.Key, g => g.Sum(e => Math.Exp(e.LogJoint - max)) / total);

        var posterior = Infer.Enumerate(model);
        Tolerance.AssertClose(logEvidence, posterior.LogEvidence, "log evidence");
        Tolerance.AssertClose(1.0, posterior.Probabilities.Sum(), "sum of the posterior probabilities");
        Assert.Equal(expected.Keys.Order(), posterior.Values.Order());
        foreach (var (value, p) in expected)
            Tolerance.AssertClose(p, posterior.Probability(value), $"posterior probability of {value}");
    }
}
