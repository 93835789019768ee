using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>The recorded-and-replayed gradient that <see cref="ModelDensity{T}"/> and <see cref="EnumeratedDensity{T}"/> share.</summary>
public class ReplayedGradientTests
{
    // log p(x, y) = −(x² + x·y + y²)/2 + shift: gradient (−x − y/2, −y − x/2).
    private sealed class Quadratic
    {
        public double Shift;
        public bool Reject;
        public int Runs;

        public bool Run(Real[] theta, out Real logp)
        {
            Runs++;
            logp = -0.5 * (theta[0] * theta[0] + theta[0] * theta[1] + theta[1] * theta[1]) + Shift;
            return !Reject;
        }
    }

    [Fact]
    public void RecordsOnceThenReplaysWithTheExactGradient()
    {
        var q = new Quadratic();
        var replay = new ReplayedGradient(q.Run, 2, compile: true, compileInfinite: false);
        var g = new double[2];
        foreach (var (x, y) in new[] { (0.3, -1.2), (2.0, 0.5), (-0.7, 0.1) })
        {
            double lp = replay.LogDensityGradient([x, y], g);
            Assert.Equal(-0.5 * (x * x + x * y + y * y), lp, 1e-14);
            Assert.Equal(-x - y / 2, g[0], 1e-14);
            Assert.Equal(-y - x / 2, g[1], 1e-14);
        }
        Assert.True(replay.Compiled, replay.CompileFailure);
        Assert.Equal((3L, 2L, 0L), replay.Counts);
        Assert.Equal(1, q.Runs);
    }

    [Fact]
    public void WithoutCompilingEveryEvaluationRunsTheModel()
    {
        var q = new Quadratic();
        var replay = new ReplayedGradient(q.Run, 2, compile: false, compileInfinite: true);
        var g = new double[2];
        for (int k = 0; k < 3; k++) replay.LogDensityGradient([1.0, 2.0], g);
        Assert.False(replay.Compiled);
        Assert.Equal((3L, 0L, 0L), replay.Counts);
        Assert.Equal(3, q.Runs);
        Assert.Equal(-2.0, g[0], 1e-14);
    }

    [Fact]
    public void AnInfiniteDensityIsCompiledOnlyWhenAllowed()
    {
        var g = new double[2];
        var strict = new Quadratic { Shift = double.NegativeInfinity };
        var replayStrict = new ReplayedGradient(strict.Run, 2, compile: true, compileInfinite: false);
        Assert.Equal(double.NegativeInfinity, replayStrict.LogDensityGradient([0.1, 0.2], g));
        Assert.False(replayStrict.Compiled);
        Assert.Null(replayStrict.CompileFailure);
        strict.Shift = 0;
        replayStrict.LogDensityGradient([0.1, 0.2], g);
        Assert.True(replayStrict.Compiled, replayStrict.CompileFailure);
    }

    [Fact]
    public void ARejectionGivesMinusInfinityAndAZeroGradient()
    {
        var q = new Quadratic { Reject = true };
        var replay = new ReplayedGradient(q.Run, 2, compile: true, compileInfinite: true);
        double[] g = [5, 5];
        Assert.Equal(double.NegativeInfinity, replay.LogDensityGradient([1.0, 1.0], g));
        Assert.Equal([0.0, 0.0], g);
        Assert.False(replay.Compiled);
    }

    [Fact]
    public void ACopyForAnotherThreadReplaysWithoutRunningTheModel()
    {
        var q = new Quadratic();
        var replay = new ReplayedGradient(q.Run, 2, compile: true, compileInfinite: false);
        replay.LogDensityGradient([0.5, 0.5], new double[2]);
        var other = new Quadratic();
        var copy = new ReplayedGradient(other.Run, 2, replay.Compiling, compileInfinite: false);
        copy.ReplayCopyOf(replay);
        var g = new double[2];
        Assert.Equal(-0.5 * (1 + 2 + 4), copy.LogDensityGradient([1.0, 2.0], g), 1e-14);
        Assert.Equal((1L, 1L, 0L), copy.Counts);
        Assert.Equal(0, other.Runs);
        Assert.Equal(-2.0, g[0], 1e-14);
        Assert.Equal(-2.5, g[1], 1e-14);
    }
}
