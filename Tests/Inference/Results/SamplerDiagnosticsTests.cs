using Probabilistic.Inference;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Results;

public class SamplerDiagnosticsTests
{
    private static DrawStatistics Draw(double energy, int depth = 3, bool divergent = false, double step = 0.5) =>
        new(LogDensity: -energy, AcceptStat: 0.9, StepSize: step, TreeDepth: depth, LeapfrogSteps: (1 << depth) - 1, Divergent: divergent, Energy: energy);

    [Fact]
    public void CountsDivergencesAndTreeDepthHitsPerChain()
    {
        DrawStatistics[][] statistics =
        [
            [Draw(1, divergent: true), Draw(3, depth: 10), Draw(2, depth: 10), Draw(4, step: 0.25)],
            [Draw(1), Draw(2, divergent: true), Draw(1, divergent: true), Draw(2, depth: 9, step: 0.125)],
        ];
        var d = new SamplerDiagnostics(statistics, maxTreeDepth: 10);
        Assert.True(d.HasStatistics);
        Assert.Equal(8, d.Transitions);
        Assert.Equal([1, 2], d.DivergencesPerChain);
        Assert.Equal(3, d.Divergences);
        Assert.Equal([2, 0], d.MaxTreeDepthHitsPerChain);
        Assert.Equal(2, d.MaxTreeDepthHits);
        Assert.Equal([0.25, 0.125], d.StepSizes);
        // Chain 1's energies 1, 3, 2, 4: Σ (Eₙ − Eₙ₋₁)² = 4 + 1 + 4 = 9, Σ (Eₙ − 2.5)² = 5, so E-BFMI = 1.8.
        // Chain 2's energies 1, 2, 1, 2: 1 + 1 + 1 = 3 over 4 · 0.25 = 1, so 3.
        Assert.Equal(1.8, d.EnergyBfmiPerChain[0], 14);
        Assert.Equal(3.0, d.EnergyBfmiPerChain[1], 14);
        Assert.Equal(2, d.Warnings().Count);
        Assert.Contains("3 of 8", d.Warnings()[0]);
        Assert.Contains("maximum tree depth limit of 10", d.Warnings()[1]);
    }

    [Fact]
    public void LowEnergyBfmiIsWarnedAbout()
    {
        // A slowly drifting energy: differences of 0.1, variance of a ramp, E-BFMI far below 0.3.
        var ramp = Enumerable.Range(0, 100).Select(i => Draw(0.1 * i)).ToArray();
        var d = new SamplerDiagnostics([ramp], 10);
        Assert.True(d.EnergyBfmiPerChain[0] < 0.3);
        Assert.Contains(d.Warnings(), w => w.Contains("Chain 1: E-BFMI"));
    }

    [Fact]
    public void WithoutStatisticsEverythingIsEmpty()
    {
        var p = new Posterior(PosteriorTests.Columns, PosteriorTests.Draws(), sampler: "MH");
        var d = p.SamplerDiagnostics;
        Assert.False(d.HasStatistics);
        Assert.Equal(0, d.Divergences);
        Assert.Equal(0, d.MaxTreeDepthHits);
        Assert.Empty(d.StepSizes);
        Assert.Empty(d.EnergyBfmiPerChain);
        Assert.Empty(d.Warnings());
    }

    [Fact]
    public void EnergyBfmiOfDegenerateInputIsNaN()
    {
        Assert.True(double.IsNaN(SamplerDiagnostics.EnergyBfmi([1.0])));
        Assert.True(double.IsNaN(SamplerDiagnostics.EnergyBfmi([2.0, 2.0, 2.0])));
    }

    [Fact]
    public void A_model_whose_tape_cannot_be_compiled_is_reported()
    {
        // A factor recorded by a custom Tape.Record has no replay code: NUTS still samples, re-running the model for
        // every gradient, and the diagnostics must say so instead of being silently slow (issue #16).
        var custom = from x in Sample("x", Normal(0, 1))
                     from _ in Factor(Tape.Record(-0.5 * x.Value * x.Value, x, -x.Value))
                     select x;
        var options = new NutsOptions { Chains = 1, Warmup = 200, Draws = 20, Seed = 3 };
        var diagnostics = Infer.Nuts(custom, options: options).SamplerDiagnostics;
        Assert.NotNull(diagnostics.CompileFailure);
        Assert.Contains("without replay code", diagnostics.CompileFailure);
        Assert.Contains(diagnostics.Warnings(), w => w.Contains("not compiled") && w.Contains("without replay code"));
        Assert.Contains("not compiled", diagnostics.ToString());

        // The reproduction, which now compiles: nothing to report.
        var poisson = from x in Sample("x", Normal(0, 1)) from _ in Observe(Poisson(RealMath.Exp(x)), 3) select x;
        var compiled = Infer.Nuts(poisson, options: options).SamplerDiagnostics;
        Assert.Null(compiled.CompileFailure);
        Assert.DoesNotContain(compiled.Warnings(), w => w.Contains("not compiled"));
    }
}
