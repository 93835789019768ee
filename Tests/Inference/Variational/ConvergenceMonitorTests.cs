using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary><see cref="VariationalFit{TParameters}.Diagnostics"/>: divergent parameters and a rising objective are reported, converged fits are not.</summary>
public class ConvergenceMonitorTests
{
    private static readonly Guide NormalGuide = Guide.FromModel(
        from m in Param("m", 0.0)
        from s in Param("s", 1.0, Support.Positive)
        from z in Sample("z", Normal(m, s))
        select z);

    /// <summary>
    /// An improper posterior: the factor cancels the prior, so p(z | x) ∝ 1 on ℝ. The ELBO of N(m, s²) is log s + const,
    /// unbounded: Adam raises log s by about the learning rate every step, so s ends near e^(0.05·1000) unless stopped. The
    /// fit must say so: a drift warning for 's' whose trajectory rises, and the objective still rising.
    /// </summary>
    [Fact]
    public void AnImproperPosteriorIsReportedWithTheDivergingParameterAndItsTrajectory()
    {
        var model =
            from z in Sample("z", Normal(0, 1))
            from _ in Factor(-Normal(0, 1).LogProb(z))
            select z;
        var fit = Infer.Svi(model, NormalGuide, options: new SviOptions { Steps = 1000, Seed = 2, Optimizer = () => new Adam(learningRate: 0.05) });
        Assert.True(fit.Diagnostics.Checked);
        var drift = Assert.Single(fit.Diagnostics.Warnings, w => w.Kind == VariationalWarningKind.ParameterDrift && w.Name == "s");
        Assert.Equal(drift.Steps.Count, drift.Trajectory.Count);
        Assert.Equal(1000, drift.Steps[^1]);
        Assert.Equal(fit.Parameters.Get("s"), drift.Trajectory[^1], 1e-9 * fit.Parameters.Get("s"));
        Assert.True(drift.Trajectory[^1] > drift.Trajectory[drift.Trajectory.Count / 2] && drift.Trajectory[^1] > 100, $"s ends at {drift.Trajectory[^1]}");
        Assert.Contains("'s'", drift.Message);
        Assert.Contains(fit.Diagnostics.Warnings, w => w.Kind == VariationalWarningKind.ObjectiveRising && w.Name == "ELBO");
    }

    /// <summary>A model parameter the objective rewards without bound (log p = a) diverges linearly.</summary>
    [Fact]
    public void AnUnboundedModelParameterIsReported()
    {
        var model =
            from a in Param("a", 0.0)
            from z in Sample("z", Normal(0, 1))
            from _ in Factor(a)
            select z;
        var fit = Infer.Svi(model, NormalGuide, options: new SviOptions { Steps = 400, Seed = 1, Optimizer = () => new Adam(learningRate: 0.05) });
        var drift = Assert.Single(fit.Diagnostics.Warnings, w => w.Kind == VariationalWarningKind.ParameterDrift && w.Name == "a");
        Assert.True(drift.Trajectory[^1] > drift.Trajectory[drift.Trajectory.Count / 2]);
    }

    /// <summary>
    /// The conjugate model (posterior N(½, ½)) fitted as in SviTests: converged long before the end, so neither check
    /// fires (for three seeds).
    /// </summary>
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void AConvergedFitHasNoWarnings(ulong seed)
    {
        var model = from z in Sample("z", Normal(0, 1)) from _ in Observe(Normal(z, 1), (Real)1.0) select z;
        var fit = Infer.Svi(model, NormalGuide, options: new SviOptions { Steps = 2000, Seed = seed, Objective = new Elbo(Particles: 4), Optimizer = () => new Adam(learningRate: 0.05) });
        Assert.True(fit.Diagnostics.Checked);
        Assert.False(fit.Diagnostics.HasWarnings, fit.Diagnostics.ToString());
    }

    [Fact]
    public void AShortFitIsNotChecked()
    {
        var model = from z in Sample("z", Normal(0, 1)) select z;
        var fit = Infer.Svi(model, NormalGuide, options: new SviOptions { Steps = 10 });
        Assert.False(fit.Diagnostics.Checked);
        Assert.Empty(fit.Diagnostics.Warnings);
    }
}
