using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Compiled;
using Probabilistic.Inference.Particles;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// Resample-move SMC on a [Compiled] model's particle program (Inference/Compiled/RmsmcPopulation): partial traces with
/// per-choice log densities, each single-site move a replay of the program from its start, give the interpreter's
/// particles, weights, evidence, its standard error, both ESS and progress reports bit for bit for the same seed
/// (Interpreted = true runs the interpreter's <c>Population.Rejuvenate</c>).
/// </summary>
public class RmsmcCompiledTests
{
    private static readonly Resampler[] Schemes = [Resampler.Systematic, Resampler.Multinomial, Resampler.Stratified, Resampler.Residual];

    /// <summary>The same population, every number bit for bit (Assert.Equal on doubles without a precision is exact).</summary>
    private static void AssertSame<T>(WeightedSample<T> interpreted, WeightedSample<T> compiled)
    {
        Assert.Equal(interpreted.Count, compiled.Count);
        for (int i = 0; i < interpreted.Count; i++)
        {
            Assert.Equal(interpreted.Values[i], compiled.Values[i]);
            Assert.Equal(interpreted.Weights[i], compiled.Weights[i]);
        }
        Assert.Equal(interpreted.LogEvidence, compiled.LogEvidence);
        Assert.Equal(interpreted.LogEvidenceStandardError, compiled.LogEvidenceStandardError);
        Assert.Equal(interpreted.LogEvidenceStandardErrorKind, compiled.LogEvidenceStandardErrorKind);
        Assert.Equal(interpreted.EffectiveSampleSizeBeforeResampling, compiled.EffectiveSampleSizeBeforeResampling);
        Assert.Equal(interpreted.EffectiveSampleSize, compiled.EffectiveSampleSize);
    }

    /// <summary>
    /// Runs <paramref name="model"/> compiled and interpreted under <paramref name="o"/>: the compiled run is the twin's
    /// (<see cref="CompiledRmsmc{T}.TryRun"/> runs it, and <c>Infer.Rmsmc</c> returns the same), equal to the interpreter's.
    /// </summary>
    private static WeightedSample<T> AssertCompiledIsInterpreted<T>(Model<T> model, RmsmcOptions o)
    {
        Assert.True(CompiledModels.TryGetTwin(model, out _));
        var direct = CompiledRmsmc<T>.TryRun(model, o, null, default);
        Assert.NotNull(direct);   // the compiled path ran
        var compiled = Infer.Rmsmc(model, o);
        var interpreted = Infer.Rmsmc(model, o with { Interpreted = true });
        AssertSame(direct, compiled);
        AssertSame(interpreted, compiled);
        return compiled;
    }

    [Theory]
    [InlineData(1UL, 1.0, 1, 1)]
    [InlineData(2UL, 0.5, 2, 1)]
    [InlineData(3UL, 0.8, 3, 2)]
    public void GalleryHmmOnTheCompiledProgramIsTheInterpretedRun(ulong seed, double threshold, int moveSteps, int threads)
    {
        var model = GaussianHmm.Model(GaussianHmm.Simulate(25, seed), 1.5, 0.7, 1.2);
        foreach (var scheme in Schemes)
            AssertCompiledIsInterpreted(model, new RmsmcOptions { Particles = 60, Seed = seed, EssThreshold = threshold, MoveSteps = moveSteps, Resampler = scheme, MaxDegreeOfParallelism = threads });
    }

    [Fact]
    public void TheMovesChangeTheCompiledPopulationAsTheyChangeTheInterpretedOne()
    {
        // With MoveSteps = 0 resample-move is the recording bootstrap filter; with moves the values differ (moves were
        // accepted) while the weights after the last resampling stay those of the filter's last step.
        var model = GaussianHmm.Model(GaussianHmm.Simulate(20, 4));
        var o = new RmsmcOptions { Particles = 200, Seed = 4, EssThreshold = 1.0 };
        var still = AssertCompiledIsInterpreted(model, o with { MoveSteps = 0 });
        var moved = AssertCompiledIsInterpreted(model, o with { MoveSteps = 2 });
        Assert.NotEqual(still.Values, moved.Values);
        CompiledSmcTests.AssertSame(Infer.Smc(model, new SmcOptions { Particles = 200, Seed = 4, EssThreshold = 1.0 }), still, x => x.Value);
    }

    [Theory]
    [InlineData(5UL)]
    [InlineData(6UL)]
    public void DiscreteLatentHmmOnTheCompiledProgramIsTheInterpretedRun(ulong seed)
    {
        // Categorical states in a fold after two Normal means: the moves redraw either.
        var model = DiscreteHmmModel.Model(DiscreteHmmModel.Simulate(20, seed));
        AssertCompiledIsInterpreted(model, new RmsmcOptions { Particles = 80, Seed = seed, MoveSteps = 2 });
        AssertCompiledIsInterpreted(model, new RmsmcOptions { Particles = 50, Seed = seed, EssThreshold = 1.0, Resampler = Resampler.Multinomial, MaxDegreeOfParallelism = 2 });
    }

    [Fact]
    public void PlateModelsOnTheCompiledProgramAreTheInterpretedRuns()
    {
        // A plate of Bernoulli assignments with Beta and HalfNormal priors (the General family) observed by ObserveEach.
        var mixture = GaussianMixtureModel.Model(GaussianMixtureModel.Simulate(12, 7));
        AssertCompiledIsInterpreted(mixture, new RmsmcOptions { Particles = 70, Seed = 7, EssThreshold = 1.0, MoveSteps = 2 });
        // A plate before a fold whose steps draw a Bernoulli switch and a Normal; Gamma noise before a fold.
        var switching = ParticleMcmcModels.SwitchingWalk(ParticleMcmcModels.Data(15, 8));
        AssertCompiledIsInterpreted(switching, new RmsmcOptions { Particles = 40, Seed = 8, MoveSteps = 3, Resampler = Resampler.Stratified });
        var noisy = ParticleMcmcModels.NoisyWalk(ParticleMcmcModels.Data(15, 9));
        AssertCompiledIsInterpreted(noisy, new RmsmcOptions { Particles = 40, Seed = 9, EssThreshold = 0.7, MaxDegreeOfParallelism = 2 });
    }

    [Fact]
    public void CompiledRmsmcReportsTheInterpretersProgress()
    {
        var model = GaussianHmm.Model(GaussianHmm.Simulate(15, 10));
        var o = new RmsmcOptions { Particles = 100, Seed = 10, EssThreshold = 0.6 };
        var interpreted = new List<SmcProgress>();
        var compiled = new List<SmcProgress>();
        Infer.Rmsmc(model, o with { Interpreted = true }, new SynchronousProgress<SmcProgress>(interpreted.Add));
        Infer.Rmsmc(model, o, new SynchronousProgress<SmcProgress>(compiled.Add));
        Assert.Equal(16, compiled.Count);
        Assert.Equal(interpreted, compiled);
        Assert.Contains(compiled, p => p.Resampled);
    }

    [Fact]
    public void InterpretedOptionAndModelsWithoutATwinRunTheInterpreter()
    {
        var model = GaussianHmm.Model(GaussianHmm.Simulate(10, 11));
        var o = new RmsmcOptions { Particles = 30, Seed = 11 };
        Assert.Null(CompiledRmsmc<Real>.TryRun(model, o with { Interpreted = true }, null, default));
        Assert.Null(CompiledRmsmc<Real>.TryRun(CompiledModels.Interpreted(model), o, null, default));
        // A hand-written twin that is a plain particle program (no choice policy) cannot run the moves: interpreted.
        var handWritten = GaussianRandomWalkTwin.Model(GaussianHmm.Simulate(10, 11), 1, 1, 1);
        Assert.True(CompiledModels.TryGetTwin(handWritten, out _));
        Assert.Null(CompiledRmsmc<Real>.TryRun(handWritten, o, null, default));
        AssertSame(Infer.Rmsmc(handWritten, o with { Interpreted = true }), Infer.Rmsmc(handWritten, o));
    }

    [Fact]
    public void EveryParticleImpossibleIsAClearError()
    {
        // The second observation is one no particle can explain (its log density underflows to −∞ for every state),
        // after a first step that every run resamples and moves.
        var model = GaussianHmm.Model([0.0, 1e308]);
        var o = new RmsmcOptions { Particles = 10, Seed = 12, EssThreshold = 1.0 };
        var compiled = Assert.Throws<ModelException>(() => Infer.Rmsmc(model, o));
        Assert.StartsWith("Rmsmc: every particle has weight 0 after step 2", compiled.Message);
        Assert.Contains("GaussianHmm.Model", compiled.Message);
        Assert.Throws<ModelException>(() => Infer.Rmsmc(model, o with { Interpreted = true }));
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
