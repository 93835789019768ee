using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>
/// The Pareto k̂ check of variational draws (Yao et al. 2018) on the conjugate model of <see cref="ConjugateNormal"/>:
/// for a normal guide N(m, s) and the normal posterior N(m, √v), the ratios' tail index is k = 1 − s²/v when s² &lt; v
/// (heavy tail) and the ratios are bounded when s² &gt; v (k ≤ 0). A guide at s = 0.4√v has k = 0.84; one at 1.3√v is good.
/// </summary>
public class VariationalCheckTests
{
    private static readonly Model<Real> Model =
        from mu in Sample("mu", Normal(0, ConjugateNormal.Tau))
        from _ in ObserveEach("y", ConjugateNormal.Y.Select(y => (Real)y).ToArray(), (y, i) => Normal(mu, 1))
        select mu;

    private static VariationalFit FixedGuide(double scale)
    {
        var guide = Guide.FromModel(
            from m in Param("m", ConjugateNormal.M)
            from s in Param("s", scale * Math.Sqrt(ConjugateNormal.V), Support.Positive)
            from mu in Sample("mu", Normal(m, s))
            select mu);
        // One SGD step with a vanishing rate: the guide keeps the parameters it was given.
        return Infer.Svi(Model, guide, options: new SviOptions { Steps = 1, Optimizer = () => new Sgd(learningRate: 1e-300) });
    }

    [Fact]
    public void NarrowGuideIsFlaggedAndWideGuidePasses()
    {
        var narrow = FixedGuide(0.4).Sample(Model, 4000, seed: 2);
        var check = narrow.IndependentDraws!;
        Assert.True(check.ParetoK > 0.7, $"k̂ = {check.ParetoK}");
        Assert.False(check.Reliable);
        var summary = narrow.Summary();
        Assert.True(double.IsNaN(summary["mu"].Rhat));
        Assert.Equal(check.EffectiveSampleSize, summary["mu"].EssBulk);
        Assert.Contains("unreliable", summary.ToString());

        var wide = FixedGuide(1.3).Sample(Model, 4000, seed: 2).IndependentDraws!;
        Assert.True(wide.ParetoK < 0.5, $"k̂ = {wide.ParetoK}");
        Assert.True(wide.Reliable);
        Assert.True(wide.EffectiveSampleSize > 3000, $"ESS = {wide.EffectiveSampleSize}");
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
        // Proposal N(0, 0.3) for a posterior N(0, 1/√2) (prior N(0, 1), one observation 0 ~ N(μ, 1)): k = 1 − 0.09/0.5 = 0.82.
        var model = from mu in Sample("mu", Normal(0, 1)) from _ in Observe(Normal(mu, 1), (Real)0.0) select mu;
        var narrow = Infer.Importance(model, from mu in Sample("mu", Normal(0, 0.3)) select mu, new ImportanceOptions { Samples = 4000, Seed = 3 });
        Assert.True(narrow.ParetoK > 0.7, $"k̂ = {narrow.ParetoK}");
        // The prior as proposal: the ratios are the likelihood, bounded, so k̂ is small.
        var prior = Infer.Importance(model, new ImportanceOptions { Samples = 4000, Seed = 3 });
        Assert.True(prior.ParetoK < 0.5, $"k̂ = {prior.ParetoK}");
    }
}
