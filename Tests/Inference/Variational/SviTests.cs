using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Tests.Data;
using Probabilistic.Tests.Inference.Gradient;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>SVI end to end: conjugate models with exact answers and the linreg_N100 reference.</summary>
public class SviTests
{
    /// <summary>
    /// z ~ N(0, 1), x ~ N(z, 1) at x = 1: the posterior N(1/2, 1/2) is in the guide's family, so the ELBO's maximum is
    /// log p(x) = log N(1; 0, √2) at m = 1/2, s = √(1/2). Near the optimum Adam moves m by about the rate per step
    /// against a restoring drift of about 1.4·rate·(m − ½) (gradient −2(m − ½), normalized by its RMS ≈ 1.4 with one
    /// particle, 0.45 with ten): an Ornstein–Uhlenbeck fluctuation of sd ≈ √(rate/2.8) with one particle, about √10
    /// smaller with ten. With ten particles and the rate decayed to 0.001 that is ≈ 0.006, so 0.03 is five of them.
    /// The mean of the last 500 ELBO estimates is within 4.5 standard errors of log p(x) (plus 1e-3 for the residual
    /// distance from the optimum, where the ELBO is flat to second order).
    /// </summary>
    [Fact]
    public void ElboReachesTheExactPosteriorAndEvidenceOfAConjugateModel()
    {
        var model = from z in Sample("z", Normal(0, 1)) from _ in Observe(Normal(z, 1), (Real)1.0) select z;
        var guide = Guide.FromModel(from m in Param("m", 0.0) from s in Param("s", 1.0, Support.Positive) from z in Sample("z", Normal(m, s)) select z);
        var fit = Infer.Svi(model, guide, options: new SviOptions
        {
            Steps = 3000,
            Seed = 3,
            Objective = new Elbo(Particles: 10),
            Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / 3000))),
        });
        Assert.Equal(0.5, fit.Parameters.Get("m"), 0.03);
        Assert.Equal(Math.Sqrt(0.5), fit.Parameters.Get("s"), 0.03);
        double logEvidence = -0.5 * Math.Log(2 * Math.PI * 2) - 1.0 / 4;
        var tail = fit.History.Skip(2500).ToArray();
        double mean = tail.Average(), se = Math.Sqrt(tail.Sum(v => (v - mean) * (v - mean)) / (tail.Length - 1) / tail.Length);
        Assert.True(Math.Abs(mean - logEvidence) <= 4.5 * se + 1e-3, $"ELBO {mean} ± {se}, log p(x) = {logEvidence}");
    }

    /// <summary>
    /// linreg_N100 with AutoNormal: the posterior is nearly Gaussian with nearly uncorrelated coefficients, so the
    /// mean-field optimum's means match the exact posterior means; each fitted mean is within 0.25 posterior sds of the
    /// reference (the guide's draws: 4,000, whose own error is 0.016 sd).
    /// </summary>
    [Fact]
    public void AutoNormalFitsLinearRegression()
    {
        var model = LinearRegressionReference.Model();
        LinearRegressionReference.AssertFitsMeans(model, AutoNormal.Create(model));
    }

    /// <summary>Jensen: E[IWELBO(K)] ≥ E[ELBO] and grows with K; estimated at fixed parameters from 4,000 estimates each
    /// (<see cref="Objective.Evaluate{T}"/>).</summary>
    [Fact]
    public void IwelboBoundsExceedTheElbo()
    {
        var model = from z in Sample("z", Normal(0, 1)) from _ in Observe(Normal(z, 1), (Real)1.0) select z;
        var guide = Guide.FromModel(from z in Sample("z", Normal(0.0, 1.5)) select z);
        double Mean(Objective objective) => objective.Evaluate(model, guide, new ParameterStore(), samples: 4000, seed: 9).Value;
        double elbo = Mean(new Elbo()), iw5 = Mean(new Iwelbo(5)), iw50 = Mean(new Iwelbo(50));
        double logEvidence = -0.5 * Math.Log(2 * Math.PI * 2) - 1.0 / 4;
        Assert.True(elbo < iw5 && iw5 < iw50 && iw50 <= logEvidence + 0.01, $"ELBO {elbo}, IWELBO(5) {iw5}, IWELBO(50) {iw50}, log p(x) {logEvidence}");
    }

    [Fact]
    public void NonFiniteObjectiveIsAnErrorNamingTheStep()
    {
        // The supports agree (both real); the model gives the guide's values (near −5) no density.
        var model = from z in Sample("z", Normal(0, 1)) from _ in Factor(z.Value > 0 ? 0.0 : double.NegativeInfinity) select z;
        var guide = Guide.FromModel(from z in Sample("z", Normal(-5.0, 0.1)) select z);
        var e = Assert.Throws<ModelException>(() => Infer.Svi(model, guide, options: new SviOptions { Steps = 3 }));
        Assert.Contains("step 0", e.Message);
    }

    /// <summary>
    /// A Normal guide for a Gamma latent proposes negative values, which the model then used as a scale and failed inside
    /// Normal ("sigma must be positive"). The supports are compared before the first step: the error names the address and both.
    /// </summary>
    [Fact]
    public void AGuideChoiceOutsideTheModelsSupportIsAnErrorBeforeTheFirstStep()
    {
        var model =
            from z in Sample("z", Gamma(2, 2))
            from _ in Observe(Normal(0, z), (Real)0.3)
            select z;
        var guide = Guide.FromModel(from m in Param("m", -1.0) from z in Sample("z", Normal(m, 0.5)) select z);
        var e = Assert.Throws<ModelException>(() => Infer.Svi(model, guide, options: new SviOptions { Steps = 5 }));
        Assert.Equal("z", e.Address?.ToString());
        Assert.Contains("'z'", e.Message);
        Assert.Contains("real", e.Message);
        Assert.Contains("positive", e.Message);
    }

    /// <summary>Guides on the model's support, or on part of it, pass the check (LogNormal for Gamma; Beta for a Normal latent).</summary>
    [Fact]
    public void GuideSupportsWithinTheModelsPassTheCheck()
    {
        var gamma = from z in Sample("z", Gamma(2, 2)) from _ in Observe(Normal(0, z), (Real)0.3) select z;
        Infer.Svi(gamma, Guide.FromModel(from z in Sample("z", LogNormal(0, 0.5)) select z), options: new SviOptions { Steps = 2 });
        var normal = from z in Sample("z", Normal(0, 1)) select z;
        Infer.Svi(normal, Guide.FromModel(from z in Sample("z", Beta(2, 2)) select z), options: new SviOptions { Steps = 2 });
    }

    private sealed class CancelAfter(CancellationTokenSource source, int steps) : IProgress<SviProgress>
    {
        public void Report(SviProgress value)
        {
            if (value.Step == steps) source.Cancel();
        }
    }

    /// <summary>Cancelling stops after the step in progress and throws with the fit so far as the partial result (the rule
    /// on Infer); cancelled before the first step, that fit has no history and the initial parameters.</summary>
    [Fact]
    public void CancellationThrowsWithTheFitSoFar()
    {
        var model = from z in Sample("z", Normal(0, 1)) from _ in Observe(Normal(z, 1), (Real)1.0) select z;
        var guide = Guide.FromModel(from m in Param("m", 0.0) from s in Param("s", 1.0, Support.Positive) from z in Sample("z", Normal(m, s)) select z);
        using var source = new CancellationTokenSource();
        var fit = Assert.Throws<InferenceCanceledException<VariationalFit>>(() =>
            Infer.Svi(model, guide, options: new SviOptions { Steps = 1000 }, progress: new CancelAfter(source, 7), cancellationToken: source.Token)).PartialResult!;
        Assert.Equal(7, fit.History.Count);
        Assert.NotEqual(0.0, fit.Parameters.Get("m"));
        var none = Assert.Throws<InferenceCanceledException<VariationalFit>>(() =>
            Infer.Svi(model, guide, options: new SviOptions { Steps = 1000 }, cancellationToken: source.Token)).PartialResult!;
        Assert.Empty(none.History);
        Assert.Equal(0.0, none.Parameters.Get("m"));
        Assert.False(none.Diagnostics.Checked);
    }
}
