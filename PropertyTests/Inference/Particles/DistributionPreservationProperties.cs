using FsCheck;
using FsCheck.Fluent;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit;
using Xunit.Abstractions;

namespace Probabilistic.PropertyTests.Inference.Particles;

/// <summary>
/// Exact distribution preservation of the particle building blocks on generated finite discrete programs, as
/// monad-bayes checks its transformers (Ścibior, Kammar &amp; Ghahramani, ICFP 2018, §6): not a statistical test.
/// A population draws all its randomness (particles' prior choices, resampling) through a scripted finite source,
/// and <see cref="OutcomeEnumeration"/> lists every outcome o of the whole algorithm with its probability P(o).
/// A population algorithm preserves the distribution when its collapsed output, the measure
/// Ẑ·Σᵢ W̄ᵢ δ(xᵢ), is unbiased for the unnormalized posterior Z·π of the return value (Del Moral 2004, Thm 7.4.2,
/// for SMC with any unbiased resampler): for every value v,
/// <code>Σ_o P(o) · Ẑ(o) · Σᵢ W̄ᵢ(o) [xᵢ(o) = v] = Z · π(v) = Σ_{executions returning v} p(execution),</code>
/// and so Σ_o P(o)·Ẑ(o) = Z; likewise for the particles' whole traces (recorded choices) t in place of return values,
/// with p(t, observations) on the right. The right sides come from the independent reference evaluator. Both sides are
/// finite sums, equal up to rounding. The programs come from a fixed sample of the generator; those whose outcome
/// tree has more than <see cref="MaxOutcomes"/> leaves are skipped, and the share skipped is asserted small.
/// </summary>
public class DistributionPreservationProperties(ITestOutputHelper output)
{
    private const int MaxOutcomes = 3000;
    private static readonly IReadOnlyList<ProgramSpec> Programs = Gen.Sample(ProgramGenerator.Programs, 100, new Rnd(20261125UL), 50);

    /// <summary>Ẑ of one outcome (relative to the exact Z where Z &gt; 0), Ẑ·Σᵢ W̄ᵢ[xᵢ = v] for each v, and the same for each particle trace t.</summary>
    private sealed record Estimate(double Evidence, Dictionary<int, double> Joint, Dictionary<string, double> Traces)
    {
        public static readonly Estimate Zero = new(0, [], []);
    }

    [Fact]
    public void ImportanceSamplingIsUnbiased() =>
        AssertPreserved(2, population => population.RunToEnd().Collapse(), maxSkippedShare: 0.1);

    /// <summary>
    /// Multinomial resampling branches at every step (3 outcomes for N = 2 even when the weights are equal), so the
    /// programs with the most observations exceed the cap: about 30% of the sample, which the other schemes cover.
    /// </summary>
    [Fact]
    public void SmcWithMultinomialResamplingAtEveryStepIsUnbiased() =>
        AssertPreserved(2, population => population.Sequentially(Resampler.Multinomial, 1.0).Collapse(), maxSkippedShare: 0.35);

    [Fact]
    public void SmcWithResidualResamplingAtEveryStepIsUnbiased() =>
        AssertPreserved(2, population => population.Sequentially(Resampler.Residual, 1.0).Collapse(), maxSkippedShare: 0.1);

    /// <summary>
    /// With three particles the prior draws alone have (number of executions)³ outcomes, so only programs of about a
    /// dozen executions fit under the cap (about 40% of the sample is skipped); the two-particle properties cover the rest.
    /// </summary>
    [Fact]
    public void SmcWithThreeParticlesAndSystematicResamplingIsUnbiased() =>
        AssertPreserved(3, population => population.Sequentially(Resampler.Systematic, 1.0).Collapse(), maxSkippedShare: 0.45);

    /// <summary>Adaptive resampling (when the ESS is below N/2) keeps the estimates unbiased too: the decision is a function of the weights.</summary>
    [Fact]
    public void SmcWithAdaptiveSystematicResamplingIsUnbiased() =>
        AssertPreserved(2, population => population.Sequentially(Resampler.Systematic, 0.5).Collapse(), maxSkippedShare: 0.1);

    /// <summary>The building blocks by hand: Advance, then PushEvidence and a stratified resampling at every step, then Collapse.</summary>
    [Fact]
    public void AdvancePushEvidenceAndStratifiedResamplingAreUnbiased() =>
        AssertPreserved(2, population =>
        {
            while (!population.AllFinished)
            {
                population.Advance().PushEvidence();
                if (!population.AllFinished) population.Resample(Resampler.Stratified);
            }
            return population.Collapse();
        }, maxSkippedShare: 0.1);

    /// <summary>
    /// The constrained stepper (PMMH's and SMC²'s inner filters): with the first choice a of the program fixed to a value v
    /// (<c>Generate</c>'s semantics, its density in the weight), Ẑ is unbiased for p(a = v, observations) and the output
    /// for the joint restricted to executions with a = v. Programs whose executions do not all visit a are skipped, as are
    /// those over the cap (13 of the 100 in all).
    /// </summary>
    [Fact]
    public void ConstrainedSmcWithSystematicResamplingIsUnbiasedForTheConstrainedJoint() =>
        AssertPreserved(2, population => population.Sequentially(Resampler.Systematic, 1.0).Collapse(), maxSkippedShare: 0.15, constrainFirstChoice: true);

    private void AssertPreserved(int particles, Func<Population<int>, WeightedSample<int>> algorithm, double maxSkippedShare, bool constrainFirstChoice = false)
    {
        int skipped = 0;
        foreach (var program in Programs)
            if (!Holds(program, particles, algorithm, constrainFirstChoice)) skipped++;
        output.WriteLine($"{skipped} of {Programs.Count} programs skipped (outcome trees over {MaxOutcomes} leaves).");
        Assert.True(skipped <= maxSkippedShare * Programs.Count, $"{skipped} of {Programs.Count} programs skipped (outcome trees over {MaxOutcomes} leaves).");
    }

    /// <summary>Checks the identity on one program; false when it was skipped.</summary>
    private static bool Holds(ProgramSpec program, int particles, Func<Population<int>, WeightedSample<int>> algorithm, bool constrainFirstChoice)
    {
        var all = ReferenceEvaluator.Enumerate(program);
        // Each particle's prior draws alone branch into every execution: a tree of about |executions|^N leaves at least
        // (fewer only when every particle dies early), so larger programs are skipped before they are run.
        if (Math.Pow(all.Count, particles) > MaxOutcomes) return false;
        var stepper = Stepper.Bootstrap.Recording();
        Func<Execution, bool> kept = _ => true;
        if (constrainFirstChoice)
        {
            // The first choice of the first execution, fixed to the value it has in the first possible execution.
            if (all.Count == 0 || all[0].Choices.Count == 0) return false;
            string address = all[0].Choices[0].Address;
            if (!all.All(e => e.ByAddress.ContainsKey(address))) return false;
            var c = (all.FirstOrDefault(e => e.LogJoint > double.NegativeInfinity) ?? all[0]).ByAddress[address];
            stepper = Stepper.Constrained(ChoiceMap.Of((Address.Parse(address), c.IsFlip ? (object)(c.Value == 1) : c.Value)));
            kept = e => e.ByAddress[address].Value == c.Value;
        }
        var executions = all.Where(e => e.LogJoint > double.NegativeInfinity && kept(e)).ToList();
        double logZ = executions.Count == 0 ? 0 : Math.Log(executions.Sum(e => Math.Exp(e.LogJoint)));
        var model = ProgramCompiler.Compile(program);
        var outcomes = OutcomeEnumeration.Enumerate(randomness =>
        {
            var population = Population<int>.Spawn(model, particles, 0, stepper.Scripted(randomness));
            WeightedSample<int> sample;
            try
            {
                sample = algorithm(population);
            }
            catch (ModelException e) when (e.Message.Contains("every particle has weight 0"))
            {
                return Estimate.Zero;
            }
            double evidence = Math.Exp(sample.LogEvidence - logZ);
            var joint = new Dictionary<int, double>();
            var traces = new Dictionary<string, double>();
            for (int i = 0; i < sample.Count; i++)
            {
                joint[sample.Values[i]] = joint.GetValueOrDefault(sample.Values[i]) + evidence * sample.Weights[i];
                string key = ChoiceKey.Of(population.Choices(i));
                traces[key] = traces.GetValueOrDefault(key) + evidence * sample.Weights[i];
            }
            return new Estimate(evidence, joint, traces);
        }, MaxOutcomes);
        if (outcomes is null) return false;

        Tolerance.AssertClose(1, outcomes.Sum(o => o.Probability), $"total probability of the outcomes\n{program}");
        if (executions.Count == 0)
        {
            Assert.True(outcomes.All(o => o.Result.Evidence == 0), $"an impossible program has an outcome with Ẑ > 0\n{program}");
            return true;
        }
        Tolerance.AssertClose(1, outcomes.Sum(o => o.Probability * o.Result.Evidence), $"E[Ẑ]/Z\n{program}");
        var exact = executions.GroupBy(e => e.ReturnValue).ToDictionary(g => g.Key, g => g.Sum(e => Math.Exp(e.LogJoint - logZ)));
        foreach (var v in exact.Keys.Union(outcomes.SelectMany(o => o.Result.Joint.Keys)))
        {
            double expected = outcomes.Sum(o => o.Probability * o.Result.Joint.GetValueOrDefault(v));
            Tolerance.AssertClose(exact.GetValueOrDefault(v), expected, $"E[Ẑ·Σ W̄ᵢ[xᵢ = {v}]]/Z\n{program}");
        }
        var exactTraces = executions.ToDictionary(e => e.Key, e => Math.Exp(e.LogJoint - logZ));
        foreach (var t in exactTraces.Keys.Union(outcomes.SelectMany(o => o.Result.Traces.Keys)))
        {
            double expected = outcomes.Sum(o => o.Probability * o.Result.Traces.GetValueOrDefault(t));
            Tolerance.AssertClose(exactTraces.GetValueOrDefault(t), expected, $"E[Ẑ·Σ W̄ᵢ[traceᵢ = {t}]]/Z\n{program}");
        }
        return true;
    }
}
