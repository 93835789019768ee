using System.Text.Json;
using Probabilistic.Compilation;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Probabilistic.Tests.Data;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// The compiled bootstrap filter and likelihood weighting (Inference/Compiled) on hand-written twins of the two HMMs:
/// identical to the interpreter for the same seed (differential), right against the Kalman filter and the forward
/// algorithm, and allocation-free per particle-step.
/// </summary>
public class CompiledSmcTests
{
    private static double[] Array(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[] Walk(int steps, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[steps];
        double x = 0;
        for (int t = 0; t < steps; t++)
        {
            x += rng.NextGaussian();
            y[t] = x + rng.NextGaussian();
        }
        return y;
    }

    private static readonly Resampler[] Schemes = [Resampler.Systematic, Resampler.Multinomial, Resampler.Stratified, Resampler.Residual];

    /// <summary>Asserts two weighted samples are the same population: values and weights bit for bit, evidence and its error to 1e-12.</summary>
    internal static void AssertSame<T>(WeightedSample<T> interpreted, WeightedSample<T> compiled, Func<T, double> value)
    {
        Assert.Equal(interpreted.Count, compiled.Count);
        for (int i = 0; i < interpreted.Count; i++)
        {
            Assert.Equal(value(interpreted.Values[i]), value(compiled.Values[i]));
            Assert.Equal(interpreted.Weights[i], compiled.Weights[i]);
        }
        Assert.Equal(interpreted.LogEvidence, compiled.LogEvidence, 1e-12);
        Assert.Equal(interpreted.LogEvidenceStandardError, compiled.LogEvidenceStandardError, 1e-12);
        Assert.Equal(interpreted.LogEvidenceStandardErrorKind, compiled.LogEvidenceStandardErrorKind);
        Assert.Equal(interpreted.EffectiveSampleSizeBeforeResampling, compiled.EffectiveSampleSizeBeforeResampling, 1e-12);
        Assert.Equal(interpreted.EffectiveSampleSize, compiled.EffectiveSampleSize, 1e-12);
    }

    [Theory]
    [InlineData(1UL, 2, 0.5)]
    [InlineData(7UL, 100, 0.5)]
    [InlineData(42UL, 1000, 0.5)]
    [InlineData(3UL, 1500, 1.0)]
    [InlineData(5UL, 300, 0.0)]
    public void GaussianWalkCompiledAndInterpretedSmcAreIdentical(ulong seed, int particles, double essThreshold)
    {
        var y = Walk(60, seed + 100);
        var model = GaussianRandomWalkTwin.Model(y, 1, 1, 1);
        Assert.True(CompiledModels.TryGetTwin(model, out _));
        foreach (var scheme in Schemes)
        {
            var o = new SmcOptions { Particles = particles, Seed = seed, Resampler = scheme, EssThreshold = essThreshold, MaxDegreeOfParallelism = 1 };
            AssertSame(Infer.Smc(model, o with { Interpreted = true }), Infer.Smc(model, o), x => x.Value);
        }
    }

    [Theory]
    [InlineData(11UL, 50)]
    [InlineData(12UL, 2000)]
    public void TwoStateHmmCompiledAndInterpretedSmcAreIdentical(ulong seed, int particles)
    {
        var y = Array(RepositoryData.Json("hmm_discrete_T50.json"), "y");
        var model = TwoStateHmmTwin.Model(y);
        foreach (var scheme in Schemes)
        {
            var o = new SmcOptions { Particles = particles, Seed = seed, Resampler = scheme, MaxDegreeOfParallelism = 1 };
            AssertSame(Infer.Smc(model, o with { Interpreted = true }), Infer.Smc(model, o), z => z);
        }
    }

    [Fact]
    public void CompiledSmcDoesNotDependOnTheThreadCountAndMatchesTheInterpreterOnSeveralThreads()
    {
        var model = GaussianRandomWalkTwin.Model(Walk(40, 9), 1, 1, 1);
        var o = new SmcOptions { Particles = 5000, Seed = 9, MaxDegreeOfParallelism = 4 };
        var compiled = Infer.Smc(model, o);
        AssertSame(Infer.Smc(model, o with { Interpreted = true }), compiled, x => x.Value);
        AssertSame(Infer.Smc(model, o with { MaxDegreeOfParallelism = 1 }), compiled, x => x.Value);
    }

    [Fact]
    public void CompiledIslandsAreTheInterpretedIslands()
    {
        var model = GaussianRandomWalkTwin.Model(Walk(30, 4), 1, 1, 1);
        var o = new SmcOptions { Particles = 400, Islands = 8, Seed = 4 };
        var compiled = Infer.Smc(model, o);
        Assert.Equal(LogEvidenceErrorKind.Islands, compiled.LogEvidenceStandardErrorKind);
        AssertSame(Infer.Smc(model, o with { Interpreted = true }), compiled, x => x.Value);
    }

    [Fact]
    public void CompiledSmcReportsTheInterpretersProgress()
    {
        var model = GaussianRandomWalkTwin.Model(Walk(25, 5), 1, 1, 1);
        var o = new SmcOptions { Particles = 200, Seed = 5, MaxDegreeOfParallelism = 1 };
        var interpreted = new List<SmcProgress>();
        var compiled = new List<SmcProgress>();
        Infer.Smc(model, o with { Interpreted = true }, new SynchronousProgress<SmcProgress>(interpreted.Add));
        Infer.Smc(model, o, new SynchronousProgress<SmcProgress>(compiled.Add));
        Assert.Equal(26, compiled.Count);
        Assert.Equal(interpreted, compiled);
        Assert.Contains(compiled, p => p.Resampled);
    }

    [Fact]
    public void InterpretedOptionRunsTheInterpreterAndOtherwiseTheTwinRuns()
    {
        var y = Walk(20, 6);
        var counting = new CountingTwin<GaussianRandomWalkTwin.State, Real>(new GaussianRandomWalkTwin.Program(y, 1, 1, 1));
        var model = CompiledModels.Attach(Algorithms.HmmSmcTests.GaussianRandomWalk(y, 1, 1, 1), counting);
        var o = new SmcOptions { Particles = 100, Seed = 6 };
        var interpreted = Infer.Smc(model, o with { Interpreted = true });
        Assert.Equal(0, counting.Accepted);
        // The plain model (no twin) gives the same as the forced interpreter.
        AssertSame(Infer.Smc(Algorithms.HmmSmcTests.GaussianRandomWalk(y, 1, 1, 1), o), interpreted, x => x.Value);
        Infer.Smc(model, o);
        Assert.Equal(1, counting.Accepted);
        Infer.Importance(model, new ImportanceOptions { Samples = 10, Interpreted = true });
        Assert.Equal(1, counting.Accepted);
        Infer.Importance(model, new ImportanceOptions { Samples = 10 });
        Assert.Equal(2, counting.Accepted);
        // A stepper other than the bootstrap one runs the interpreter.
        Infer.Smc(model, Stepper.Bootstrap.Recording(), o);
        Assert.Equal(2, counting.Accepted);
    }

    [Fact]
    public void CompiledSmcAgreesWithTheKalmanFilter()
    {
        // As HmmSmcTests: log Ẑ within 3 estimated standard errors in at least 18 of 20 seeds (multinomial resampling,
        // for which the Lee–Whiteley standard error is valid); the data's exact log evidence is the Kalman filter's.
        var data = RepositoryData.Json("hmm_gauss_T50.json");
        var p = data.GetProperty("params");
        var y = Array(data, "y");
        double s0 = p.GetProperty("s0").GetDouble(), q = p.GetProperty("q").GetDouble(), r = p.GetProperty("r").GetDouble();
        double exact = global::Probabilistic.Examples.Gallery.KalmanFilter.Run(y, s0, q, r).LogMarginalLikelihood;
        Assert.Equal(data.GetProperty("reference").GetProperty("log_marginal_likelihood").GetDouble(), exact, 1e-9);
        var model = GaussianRandomWalkTwin.Model(y, s0, q, r);
        int hits = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var s = Infer.Smc(model, new SmcOptions { Particles = 1000, Seed = seed, Resampler = Resampler.Multinomial });
            Assert.Equal(LogEvidenceErrorKind.Genealogy, s.LogEvidenceStandardErrorKind);
            Assert.True(s.LogEvidenceStandardError > 0 && s.LogEvidenceStandardError < 1, $"se {s.LogEvidenceStandardError}");
            if (Math.Abs(s.LogEvidence - exact) <= 3 * s.LogEvidenceStandardError) hits++;
        }
        Assert.True(hits >= 18, $"log evidence within 3 se in {hits} of 20 runs");
    }

    [Fact]
    public void CompiledSmcAgreesWithTheForwardAlgorithm()
    {
        var data = RepositoryData.Json("hmm_discrete_T50.json");
        var y = Array(data, "y");
        double exact = global::Probabilistic.Examples.Gallery.DiscreteHmmModel.Forward(y, -1.0, 1.0).Value;
        Assert.Equal(data.GetProperty("reference").GetProperty("log_marginal_likelihood").GetDouble(), exact, 1e-9);
        var model = TwoStateHmmTwin.Model(y);
        int hits = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var s = Infer.Smc(model, new SmcOptions { Particles = 1000, Seed = seed, Resampler = Resampler.Multinomial });
            if (Math.Abs(s.LogEvidence - exact) <= 3 * s.LogEvidenceStandardError) hits++;
        }
        Assert.True(hits >= 18, $"log evidence within 3 se in {hits} of 20 runs");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void CompiledImportanceIsTheInterpretedImportance(int threads)
    {
        // 5000 samples: two of the interpreter's chunks of 4096.
        var model = GaussianRandomWalkTwin.Model(Walk(5, 8), 1, 1, 1);
        var o = new ImportanceOptions { Samples = 5000, Seed = 8, MaxDegreeOfParallelism = threads };
        var interpretedProgress = new List<ImportanceProgress>();
        var compiledProgress = new List<ImportanceProgress>();
        var interpreted = Infer.Importance(model, o with { Interpreted = true }, new SynchronousProgress<ImportanceProgress>(interpretedProgress.Add));
        var compiled = Infer.Importance(model, o, new SynchronousProgress<ImportanceProgress>(compiledProgress.Add));
        AssertSame(interpreted, compiled, x => x.Value);
        Assert.Equal(interpretedProgress, compiledProgress);
        var discrete = TwoStateHmmTwin.Model(Array(RepositoryData.Json("hmm_discrete_T50.json"), "y"));
        AssertSame(Infer.Importance(discrete, o with { Interpreted = true }), Infer.Importance(discrete, o), z => z);
    }

    [Fact]
    public void CancellationStopsTheCompiledRuns()
    {
        var model = GaussianRandomWalkTwin.Model(Walk(10, 2), 1, 1, 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Infer.Smc(model, new SmcOptions { Particles = 10 }, null, cancelled.Token));
        var e = Assert.Throws<InferenceCanceledException<WeightedSample<Real>>>(() => Infer.Importance(model, new ImportanceOptions { Samples = 10 }, null, cancelled.Token));
        Assert.Null(e.PartialResult);
    }

    [Fact]
    public void EveryParticleImpossibleIsAClearError()
    {
        var model = CompiledModels.Attach(Algorithms.HmmSmcTests.GaussianRandomWalk([0.0, 1.0], 1, 1, 1),
            new CountingTwin<GaussianRandomWalkTwin.State, Real>(new ImpossibleProgram()));
        var e = Assert.Throws<ModelException>(() => Infer.Smc(model, new SmcOptions { Particles = 10 }));
        Assert.Contains("every particle has weight 0 after step 2", e.Message);
        Assert.Contains("Interpreted = true", e.Message);
    }

    [Fact]
    public void CompiledSmcAllocatesNothingPerParticleStep()
    {
        // Two runs of 2000 particles (more than the resamplers' stack buffers hold) that differ only in their number of
        // steps (50 and 200): everything a run allocates is per run (the buffers, the result), so the 150 extra steps ·
        // 2000 particles allocate nothing.
        double[] shortY = Walk(50, 3), longY = Walk(200, 3);
        long Allocated(double[] y)
        {
            var model = GaussianRandomWalkTwin.Model(y, 1, 1, 1);
            var o = new SmcOptions { Particles = 2000, Seed = 3, MaxDegreeOfParallelism = 1 };
            Infer.Smc(model, o);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Infer.Smc(model, o);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long extra = Allocated(longY) - Allocated(shortY);
        Assert.True(extra <= 0, $"{extra} bytes more for 150 more steps of 2000 particles");
    }

    /// <summary>A twin that counts how often an algorithm asked for its program.</summary>
    private sealed class CountingTwin<TState, T>(IParticleProgram<TState, T> program) : CompiledModel<T> where TState : struct
    {
        public int Accepted { get; private set; }

        public override string Name => "CompiledSmcTests.CountingTwin";

        public override TOut Accept<TOut>(ICompiledModelVisitor<T, TOut> visitor)
        {
            Accepted++;
            return visitor.VisitParticleProgram<TState, Boxed>(new Boxed(program));
        }

        private readonly struct Boxed(IParticleProgram<TState, T> inner) : IParticleProgram<TState, T>
        {
            public int Steps => inner.Steps;
            public void Start(ref TState state) => inner.Start(ref state);
            public double Advance(ref TState state, Rng rng) => inner.Advance(ref state, rng);
            public T Result(ref TState state, Rng rng) => inner.Result(ref state, rng);
        }
    }

    /// <summary>A two-step program whose second score rules every particle out.</summary>
    private readonly struct ImpossibleProgram : IParticleProgram<GaussianRandomWalkTwin.State, Real>
    {
        public int Steps => 2;
        public void Start(ref GaussianRandomWalkTwin.State state) => state = default;
        public double Advance(ref GaussianRandomWalkTwin.State state, Rng rng) => state.T++ == 0 ? -1.0 : double.NegativeInfinity;
        public Real Result(ref GaussianRandomWalkTwin.State state, Rng rng) => state.X;
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread, in order.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
