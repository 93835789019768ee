using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>
/// The Pareto k̂ check of variational draws (Yao et al. 2018) and of importance weights, on a model whose ratios have an
/// exact Pareto tail of known index (<see cref="ExponentialModel"/>), so that the k̂ thresholds are checked at a known
/// distance in k̂'s own standard deviations rather than at whatever one stream gives.
/// </summary>
public class VariationalCheckTests
{
    /// <summary>
    /// μ ~ Exponential(1) observed through 0 ~ Poisson(μ): the posterior is Exponential(2) exactly (density ∝ e^{−μ}·e^{−μ}).
    /// For an Exponential(r) proposal or guide the log ratio is c + (r − 2)μ with μ ~ Exponential(r), so
    /// P(ratio &gt; t) = C·t^{−r/(r − 2)} for every t above the smallest ratio: an exact Pareto tail, of index k = 1 − 2/r
    /// when r &gt; 2, and bounded ratios (k ≤ 0) when r &lt; 2. With an exact Pareto tail the excesses over PSIS's
    /// threshold are exactly generalized Pareto, so k̂ is a maximum-likelihood-like estimate with asymptotic sd
    /// (1 + k)/√M over the M = 3√S tail draws (Zhang &amp; Stephens 2009) — unlike a normal guide for a normal posterior,
    /// whose ratios' tail carries a slowly varying factor and whose k̂ at S = 4000 spread from 0.5 to 1.1 over 30 seeds
    /// around a true 0.84 (a test on it passed or failed with the stream).
    /// </summary>
    private static readonly Model<Real> ExponentialModel =
        from mu in Sample("mu", Exponential(1))
        from _ in Observe(Poisson(mu), 0)
        select mu;

    /// <summary>
    /// Draws for the k̂ tests. r = 40 gives k = 0.95; at S = 100,000, M = ⌈3√S⌉ = 949 and sd(k̂) ≈ 1.95/√949 = 0.063, so
    /// the 0.7 threshold lies 0.25 = 3.9 sd below k (measured over 30 seeds: sd 0.147 at S = 4000 and 0.083 at
    /// S = 20,000, as (1 + k)/√M predicts; the prior's shrinkage toward 0.5 moves k̂ by 10/(M + 10)·0.45 ≈ 0.005).
    /// </summary>
    private const int TailTestDraws = 100_000;

    private static VariationalFit FixedExponentialGuide(double rate) =>
        // One SGD step with a vanishing rate: the guide keeps the parameter it was given.
        Infer.Svi(ExponentialModel, Guide.FromModel(
            from r in Param("r", rate, Support.Positive)
            from mu in Sample("mu", Exponential(r))
            select mu), options: new SviOptions { Steps = 1, Optimizer = () => new Sgd(learningRate: 1e-300) });

    [Fact]
    public void NarrowGuideIsFlaggedAndWideGuidePasses()
    {
        // Guide Exponential(40) for the posterior Exponential(2): k = 0.95, 3.9 sd of k̂ above 0.7 (see TailTestDraws).
        var narrow = FixedExponentialGuide(40).Sample(ExponentialModel, TailTestDraws, seed: 2);
        var check = narrow.IndependentDraws!;
        Assert.True(check.ParetoK > 0.7, $"k̂ = {check.ParetoK}");
        Assert.False(check.Reliable);
        var summary = narrow.Summary();
        Assert.True(double.IsNaN(summary["mu"].Rhat));
        Assert.Equal(check.EffectiveSampleSize, summary["mu"].EssBulk);
        Assert.Contains("unreliable", summary.ToString());

        // Guide Exponential(1.5), wider than the posterior: ratios ∝ e^{−μ/2} ≤ 1 are bounded, k ≤ 0 (k̂ measured −0.95 ± 0.05
        // at S = 20,000, so 0.5 is far away), and ESS/S → (E w)²/E w² = (1.5/2)²/(1.5/2.5) = 0.9375, whose relative sd at
        // this S is under 0.1% (measured 0.08% at S = 20,000): 0.9 S is over 30 sd below it.
        var wide = FixedExponentialGuide(1.5).Sample(ExponentialModel, TailTestDraws, seed: 2).IndependentDraws!;
        Assert.True(wide.ParetoK < 0.5, $"k̂ = {wide.ParetoK}");
        Assert.True(wide.Reliable);
        Assert.True(wide.EffectiveSampleSize > 0.9 * TailTestDraws, $"ESS = {wide.EffectiveSampleSize}");
    }

    [Fact]
    public void DrawsKeepTheModelsOrderAndNoRhat()
    {
        var model =
            from zeta in Sample("zeta", Normal(0, 1))
            from alpha in Sample("alpha", Normal(zeta, 1))
            select alpha;
        var guide = Guide.FromModel(
            from z in Sample("zeta", Normal(0, 1))
            from a in Sample("alpha", Normal(0, 1))
            select a);
        var fit = Infer.Svi(model, guide, options: new SviOptions { Steps = 1, Optimizer = () => new Sgd(learningRate: 1e-300) });
        // Issue #13: the columns used to come out alphabetically (alpha, zeta); NUTS lists them in the model's order.
        Assert.Equal(["zeta", "alpha"], fit.Sample(10).Columns.Select(c => c.Name));
        Assert.Equal(["zeta", "alpha", "return"], fit.Sample(model, 10).Columns.Select(c => c.Name));
        Assert.True(double.IsNaN(fit.Sample(100).Summary()["alpha"].Rhat));
    }

    [Fact]
    public void ImportanceWeightsReportParetoK()
    {
        // Proposal Exponential(40) for the posterior Exponential(2): an exact Pareto tail of index k = 0.95, 3.9 sd of k̂
        // above 0.7 at this S (see TailTestDraws).
        var narrow = Infer.Importance(ExponentialModel, from mu in Sample("mu", Exponential(40)) select mu,
            new ImportanceOptions { Samples = TailTestDraws, Seed = 3 });
        Assert.True(narrow.ParetoK > 0.7, $"k̂ = {narrow.ParetoK}");
        // The prior as proposal: the ratios are the likelihood e^{−μ} ≤ 1, bounded, so k ≤ 0 (k̂ measured −0.94 ± 0.05 at
        // S = 20,000).
        var prior = Infer.Importance(ExponentialModel, new ImportanceOptions { Samples = TailTestDraws, Seed = 3 });
        Assert.True(prior.ParetoK < 0.5, $"k̂ = {prior.ParetoK}");
    }
}
