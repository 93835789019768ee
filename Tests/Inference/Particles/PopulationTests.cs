using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Particles;

/// <summary>
/// The weighted-particle container (<c>Inference/Particles/Population.cs</c>) and each of its steppers: what a step does to
/// a particle's value, weight and history, checked against quantities known exactly.
/// </summary>
public class PopulationTests
{
    private const double Y = 1.0;

    private static double LogNormal(double x, double mean, double sd) =>
        -0.5 * Math.Pow((x - mean) / sd, 2) - Math.Log(sd) - 0.5 * Math.Log(2 * Math.PI);

    // x ~ Normal(0, 1), y = 1 ~ Normal(x, 1): posterior Normal(1/2, √(1/2)), evidence Normal(1; 0, √2).
    private static Model<Real> Conjugate() =>
        from x in Sample("x", Normal(0, 1))
        from _ in Observe("y", Normal(x, 1), Y)
        select x;

    // A 3-step binary chain with observations: suspends after each.
    private static readonly bool[] Observed = [true, false, true];

    private static Model<bool> Chain() =>
        Fold("z", Observed.Length, false, (prev, t) =>
            from z in Sample("z", Bernoulli(prev ? 0.8 : 0.3))
            from _ in Observe(Bernoulli(z ? 0.9 : 0.2), Observed[t])
            select z);

    [Fact]
    public void BootstrapParticlesRecordOnlyWhenAskedAndRecordingDoesNotChangeTheDraws()
    {
        var fast = Population<Real>.Spawn(Conjugate(), 50, 7).RunToEnd();
        var recorded = Population<Real>.Spawn(Conjugate(), 50, 7, Stepper.Bootstrap.Recording()).RunToEnd();
        Assert.False(Stepper.Bootstrap.Records);
        Assert.Throws<InvalidOperationException>(() => fast.Choices(0));
        for (int i = 0; i < 50; i++)
        {
            // The allocation-free prior path and the recording path draw the same values from the same streams.
            Assert.Equal(fast.Value(i).Value, recorded.Value(i).Value);
            Assert.Equal(fast.LogWeights[i], recorded.LogWeights[i]);
            Assert.Equal(recorded.Value(i).Value, recorded.Choices(i).Get<Real>("x").Value);
            Assert.Equal(LogNormal(Y, recorded.Value(i).Value, 1), recorded.LogWeights[i], 12);
        }
    }

    [Fact]
    public void ResamplingPushesTheEvidenceAndLeavesTheEstimateUnchanged()
    {
        var p = Population<bool>.Spawn(Chain(), 40, 3).Advance();
        double before = p.LogEvidence;
        p.Resample(Resampler.Multinomial);
        Assert.Equal(before, p.LogEvidence, 12);
        Assert.Equal(before, p.PushedLogEvidence, 12);
        Assert.All(p.LogWeights.ToArray(), lw => Assert.Equal(0.0, lw));
        Assert.Equal(1, p.Resamplings);
    }

    [Fact]
    public void TheConstrainedStepperFixesTheChoiceAndWeighsByItsDensity()
    {
        var theta = ChoiceMap.Of(("x", (object)(Real)0.3));
        var p = Population<Real>.Spawn(Conjugate(), 20, 1, Stepper.Constrained(theta)).Sequentially(Resampler.Systematic, 0.5);
        for (int i = 0; i < p.Count; i++) Assert.Equal(0.3, p.Value(i).Value);
        // Generate's weight: p(x = 0.3) · p(y | x = 0.3), the same for every particle, so Ẑ is exact.
        Assert.Equal(LogNormal(0.3, 0, 1) + LogNormal(Y, 0.3, 1), p.LogEvidence, 12);
        Assert.True(p.Stepper.Records);
    }

    [Fact]
    public void TheConstrainedStepperNamesAConstraintNoParticleVisited()
    {
        var theta = ChoiceMap.Of(("x", (object)(Real)0.3), ("nope", (object)(Real)1.0));
        var e = Assert.Throws<ModelException>(() => Population<Real>.Spawn(Conjugate(), 4, 1, Stepper.Constrained(theta)).Sequentially(Resampler.Systematic, 0.5));
        Assert.Contains("'nope'", e.Message);
    }

    [Fact]
    public void TheConditionalStepperKeepsTheReferenceTrajectoryInSlotZero()
    {
        var reference = ChoiceMap.Of((Address.Of("z", 0, "z"), (object)false), (Address.Of("z", 1, "z"), (object)true), (Address.Of("z", 2, "z"), (object)false));
        var p = Population<bool>.Spawn(Chain(), 6, 5, Stepper.Conditional(reference)).Sequentially(Resampler.Multinomial, 1.0);
        Assert.Equal(3, p.Resamplings);
        var kept = p.Choices(0);
        foreach (var a in reference.Addresses) Assert.Equal(reference.Get<bool>(a), kept.Get<bool>(a));
        Assert.False(p.Value(0));
    }

    [Fact]
    public void TheGuidedStepperWithTheExactPosteriorAsProposalGivesEveryParticleTheEvidence()
    {
        // q(x) = p(x | y) = Normal(1/2, √(1/2)): every weight p(x) p(y | x) / q(x) equals p(y) exactly.
        var p = Population<Real>.Spawn(Conjugate(), 30, 2, Stepper.Guided((_, step) => step == 0
            ? Sample("x", Normal(0.5, Math.Sqrt(0.5))).Select(_ => 0)
            : Return(0))).Sequentially(Resampler.Systematic, 0.5);
        double exact = LogNormal(Y, 0, Math.Sqrt(2));
        for (int i = 0; i < p.Count; i++) Assert.Equal(exact, p.LogWeights[i], 10);
        Assert.Equal(exact, p.LogEvidence, 10);
    }

    [Fact]
    public void TheGuidedStepperNamesAProposedAddressTheModelDoesNotVisit()
    {
        var e = Assert.Throws<ModelException>(() => Population<Real>.Spawn(Conjugate(), 3, 2,
            Stepper.Guided((_, _) => Sample("nope", Normal(0, 1)))).Sequentially(Resampler.Systematic, 0.5));
        Assert.Contains("'nope'", e.Message);
    }

    [Fact]
    public void ScriptedRandomnessDrawsEveryPriorChoiceThroughTheSource()
    {
        var source = new Recording(1);
        var p = Population<bool>.Spawn(from b in Sample("b", Bernoulli(0.3)) select b, 3, 9, Stepper.Bootstrap.Scripted(source)).RunToEnd();
        Assert.Equal(3, source.Asked.Count);
        Assert.All(source.Asked, probabilities => Assert.Equal(new[] { 0.3, 0.7 }, probabilities.Order().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12));
        // Index 1 of the same support every time: every particle got the same value.
        Assert.Single(Enumerable.Range(0, 3).Select(p.Value).Distinct());
    }

    [Fact]
    public void OnlyBootstrapPopulationsCanBeRejuvenatedAndAGuidedOneCannotBeScripted()
    {
        var constrained = Population<Real>.Spawn(Conjugate(), 4, 1, Stepper.Constrained(ChoiceMap.Of(("x", (object)(Real)0.0)))).Advance();
        Assert.Throws<InvalidOperationException>(() => constrained.Rejuvenate(1));
        Assert.Throws<InvalidOperationException>(() => Population<Real>.Spawn(Conjugate(), 4, 1).Advance().Rejuvenate(1));
        Assert.Throws<InvalidOperationException>(() => Stepper.Guided((_, _) => Return(0)).Scripted(new Recording(0)));
    }

    [Fact]
    public void SequentiallyNamesTheObservationThatKilledEveryParticle()
    {
        var impossible = from b in Sample("b", Bernoulli(0.5)) from _ in Observe("o", Bernoulli(0.0), true) select b;
        var e = Assert.Throws<ModelException>(() => Population<bool>.Spawn(impossible, 5, 1).Sequentially(Resampler.Systematic, 0.5));
        Assert.Contains("every particle has weight 0", e.Message);
        Assert.Contains("'o'", e.Message);
    }

    /// <summary>A scripted source that always answers <paramref name="index"/> and keeps the probabilities it was asked about.</summary>
    private sealed class Recording(int index) : IFiniteRandomness
    {
        public List<double[]> Asked { get; } = [];

        public int Choose(ReadOnlySpan<double> probabilities)
        {
            Asked.Add(probabilities.ToArray());
            return index;
        }
    }
}
