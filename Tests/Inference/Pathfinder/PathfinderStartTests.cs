using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Inference.Pathfinder;

/// <summary>NUTS initialized by Pathfinder (<see cref="HamiltonianOptions.Pathfinder"/>).</summary>
public class PathfinderStartTests
{
    private static GaussianTarget BadlyScaled() => new([3.0, -2.0], new double[,] { { 1e4, 0 }, { 0, 1e-4 } });

    [Fact]
    public void ChainsStartAtDistinctDrawsWithTheInverseHessianAsMetric()
    {
        var target = GaussianTarget.Random(4, 21);
        var options = new NutsOptions { Chains = 4, Seed = 3, Pathfinder = PathfinderInit.Default };
        var start = PathfinderStart.Run(target, options, default)!;
        Assert.Equal(4, start.Points.Length);
        Assert.Equal(4, start.Points.Select(p => string.Join(",", p)).Distinct().Count());
        var draws = start.Result.UnconstrainedDraws.Select(p => string.Join(",", p)).ToHashSet();
        Assert.All(start.Points, p => Assert.Contains(string.Join(",", p), draws));
        Assert.Equal(start.Result.BestPath.Variances(), start.InverseMetric);
        var dense = PathfinderStart.Run(target, options with { Metric = MetricKind.Dense }, default)!;
        Assert.Equal(16, dense.InverseMetric!.Length);
        Assert.Equal(start.Result.BestPath.Covariance()[1, 2], dense.InverseMetric[1 * 4 + 2]);
        Assert.Null(PathfinderStart.Run(target, options with { Pathfinder = PathfinderInit.Default with { InitialMetric = false } }, default)!.InverseMetric);
        Assert.Null(PathfinderStart.Run(target, options with { Pathfinder = null }, default));
    }

    /// <summary>
    /// Variances 10⁴ and 10⁻⁴ with no warmup at all (so no adaptation) and step size 1: from random points with the identity
    /// metric nearly every transition diverges (a step of 1 is 100 sds of the narrow coordinate), while Pathfinder's
    /// inverse-Hessian metric whitens the target so the same step is stable and the chains are at the target from the start.
    /// </summary>
    [Fact]
    public void PathfinderMetricAndInitialPointsNeedNoWarmup()
    {
        var o = new NutsOptions { Chains = 2, Warmup = 0, Draws = 300, Seed = 4, StepSize = 1 };
        var plain = Infer.Nuts(BadlyScaled(), o);
        var started = Infer.Nuts(BadlyScaled(), o with { Pathfinder = PathfinderInit.Default });
        Assert.True(plain.SamplerDiagnostics.Divergences > 0.9 * 600, $"default initialization: {plain.SamplerDiagnostics.Divergences} divergences");
        Assert.Equal(0, started.SamplerDiagnostics.Divergences);
        // Each mean within 4.5 Monte Carlo standard errors (MCSE from the chains' own ESS; two checks, so a chance miss has
        // probability about 2 · 2Φ(−4.5) ≈ 1.4e-5).
        foreach (var (name, mean) in new[] { ("theta[1]", 3.0), ("theta[2]", -2.0) })
        {
            var chains = started.Chain(name);
            double estimate = chains.SelectMany(c => c).Average(), mcse = ConvergenceDiagnostics.McseMean(chains);
            Assert.True(Math.Abs(estimate - mean) <= 4.5 * mcse, $"{name}: {estimate}, expected {mean}, MCSE {mcse}");
        }
    }

    /// <summary>
    /// A 30-iteration warmup on N(0, diag(1, 10⁻⁸)): re-estimating the metric from ~23 draws adds Stan's regularization
    /// 10⁻³·5/(n + 5) ≈ 1.8·10⁻⁴ to the narrow coordinate's variance, 134 times its sd, so the tuned step size must shrink to
    /// about 1/134 of a whitened one (≈ 0.01); keeping Pathfinder's inverse-Hessian metric (AdaptMetric = false) leaves a
    /// whitened target, whose tuned step size is of order 1.
    /// </summary>
    [Fact]
    public void KeepingPathfindersMetricLeavesOnlyTheStepSizeToTune()
    {
        var target = new GaussianTarget([0.0, 0.0], new double[,] { { 1, 0 }, { 0, 1e-8 } });
        var o = new NutsOptions { Chains = 1, Warmup = 30, Draws = 50, Seed = 6 };
        var kept = Infer.Nuts(target, o with { Pathfinder = PathfinderInit.Default with { AdaptMetric = false } });
        var adapted = Infer.Nuts(target, o with { Pathfinder = PathfinderInit.Default });
        double keptStep = kept.Statistics![0][0].StepSize, adaptedStep = adapted.Statistics![0][0].StepSize;
        Assert.True(keptStep > 0.3, $"step size with Pathfinder's metric kept: {keptStep}");
        Assert.True(adaptedStep < 0.1, $"step size with the metric re-estimated: {adaptedStep}");
    }

    [Fact]
    public void ModelChainsStartFromPathfinder()
    {
        double[] y = [1.2, 0.4, 2.2, 1.9, 0.8, 1.5];
        var model =
            from mu in Sample("mu", Normal(0, 10))
            from sigma in Sample("sigma", Exponential(1))
            from _ in ObserveEach(y, (yi, i) => Normal(mu, sigma))
            select mu;
        var posterior = Infer.Nuts(model, options: new NutsOptions { Chains = 2, Warmup = 100, Draws = 200, Seed = 2, Pathfinder = PathfinderInit.Default });
        Assert.All(posterior["sigma"], s => Assert.True(s > 0));
        // Against a long default-initialized run: the means agree within 4.5 combined Monte Carlo standard errors
        // (a two-sided normal bound, false alarm ≈ 7e-6 per parameter).
        var reference = Infer.Nuts(model, options: new NutsOptions { Chains = 4, Draws = 2000, Seed = 11 });
        foreach (var name in new[] { "mu", "sigma" })
        {
            var (a, b) = (posterior.Summary()[name], reference.Summary()[name]);
            Assert.True(Math.Abs(a.Mean - b.Mean) <= 4.5 * Math.Sqrt(a.McseMean * a.McseMean + b.McseMean * b.McseMean),
                $"{name}: {a.Mean} ± {a.McseMean} vs {b.Mean} ± {b.McseMean}");
        }
    }

    [Fact]
    public void InitialValuesAndPathfinderTogetherAreAnError()
    {
        var model = from x in Sample("x", Normal(0, 1)) select x;
        var e = Assert.Throws<ArgumentException>(() => Infer.Nuts(model, options: new NutsOptions
        {
            InitialValues = ChoiceMap.Of(("x", 0.5)),
            Pathfinder = PathfinderInit.Default,
        }));
        Assert.Equal("Pathfinder", e.ParamName);
        var g = Assert.Throws<ArgumentException>(() => Infer.Gibbs(model, options: new GibbsOptions { Continuous = new NutsOptions { Pathfinder = PathfinderInit.Default } }));
        Assert.Contains("Gibbs", g.Message);
    }
}
