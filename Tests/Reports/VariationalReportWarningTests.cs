using Probabilistic.Inference;
using Probabilistic.Distributions;
using Probabilistic.Inference.Variational;
using Probabilistic.Reports;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Reports;

/// <summary>A variational fit's report says when the fit did not converge and when the guide is far from the posterior.</summary>
public class VariationalReportWarningTests
{
    private static Guide NormalGuide(double initialScale) => Guide.FromModel(
        from m in Param("m", 0.0)
        from s in Param("s", initialScale, Support.Positive)
        from z in Sample("z", Normal(m, s))
        select z);

    [Fact]
    public void AnImproperPosteriorIsAWarningNamingTheDriftingParameter()
    {
        // log p(z) = log N(z) − log N(z) = 0: flat, so the guide's scale grows without bound (as ConvergenceMonitorTests).
        var model = from z in Sample("z", Normal(0, 1)) from _ in Factor(-Normal(0, 1).LogProb(z)) select z;
        var fit = Infer.Svi(model, NormalGuide(1.0), options: new SviOptions { Steps = 1000, Seed = 2, Optimizer = () => new Adam(learningRate: 0.05) });
        var html = Report.For(fit, "improper", draws: 200).ToHtml();
        Assert.Contains("VI did not converge: parameter &#39;s&#39; kept drifting", html.Replace("'", "&#39;"));
    }

    [Fact]
    public void AGuideFarNarrowerThanThePosteriorIsAParetoKWarning()
    {
        // Posterior N(1/2, 1/2) (sd 0.71); a guide fixed at sd 0.05 after two small steps: p/q has a heavy right tail,
        // k̂ far above 0.7 (VariationalCheckTests: already a 0.4× guide exceeds it).
        var model = from z in Sample("z", Normal(0, 1)) from _ in Observe(Normal(z, 1), 1.0) select z;
        var fit = Infer.Svi(model, NormalGuide(0.05), options: new SviOptions { Steps = 2, Seed = 1, Optimizer = () => new Adam(learningRate: 1e-6) });
        var html = Report.For(fit, model, "narrow guide", draws: 1000).ToHtml();
        Assert.Contains("The guide&#39;s Pareto k̂ is", html.Replace("'", "&#39;"));
        // The same fit without the model cannot be checked, and says nothing about k̂.
        Assert.DoesNotContain("Pareto k̂ is", Report.For(fit, "narrow guide", draws: 1000).ToHtml());
    }
}
