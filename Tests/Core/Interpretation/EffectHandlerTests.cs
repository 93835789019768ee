using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation;

/// <summary>The README's "Writing your own handler" example, verbatim, and what it claims.</summary>
public class EffectHandlerTests
{
    // --- README example begins ---
    /// <summary>Tempers the likelihood: every observation's log density is multiplied by β.</summary>
    sealed class Temper(double beta) : EffectHandler
    {
        public override Real OnScore(Real logWeight, Address? address, bool isObservation) =>
            isObservation ? beta * logWeight : logWeight;
    }

    /// <summary>Counts the choices a model makes.</summary>
    sealed class CountChoices : EffectHandler
    {
        public int Count;
        public override void OnChoice(Choice choice) => Count++;
    }
    // --- README example ends ---

    private static readonly Model<Real> Model =
        from mu in Sample("mu", Normal(0, 1))
        from _ in Plate("y", 3, i => Observe(Normal(mu, 1), 0.5 * i))
        select mu;

    [Fact]
    public void TemperingHalvesTheLogLikelihoodAndCountingCountsTheChoices()
    {
        var counter = new CountChoices();
        var tempered = Model.Handle(new Temper(0.5)).Handle(counter);
        var plain = Model.Simulate(new Rng(7));
        var trace = tempered.Simulate(new Rng(7));
        Assert.Equal(plain.Get<Real>("mu").Value, trace.Get<Real>("mu").Value);
        Assert.Equal(0.5 * plain.LogLikelihood, trace.LogLikelihood, 12);
        Assert.Equal(plain.LogPrior, trace.LogPrior, 12);
        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public void ATemperedModelRunsUnderAnyAlgorithm()
    {
        // With β = 0 the posterior is the prior: importance sampling's weights are all equal, so its ESS is N.
        var result = Infer.Importance(Model.Handle(new Temper(0)), new ImportanceOptions { Samples = 200, Seed = 3 });
        Assert.Equal(200, result.EffectiveSampleSize, 6);
        Assert.Equal(0.0, result.LogEvidence, 12);
        var untempered = Infer.Importance(Model, new ImportanceOptions { Samples = 200, Seed = 3 });
        Assert.True(untempered.EffectiveSampleSize < 190, $"ESS {untempered.EffectiveSampleSize}");
    }
}
