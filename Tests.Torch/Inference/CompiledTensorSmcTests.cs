using Probabilistic.Compilation;
using Probabilistic.Inference;
using Probabilistic.Torch.Compilation;
using TorchSharp;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;

namespace Probabilistic.Torch.Tests.Inference;

/// <summary>
/// <c>Infer.TensorSmc</c> over a compiled tensor particle program against the interpreter's re-execution: both seed step t's
/// generator alike and draw in program order, so for a seed they must give the same population bit for bit.
/// </summary>
public class CompiledTensorSmcTests
{
    /// <summary>
    /// A walk with a drift drawn first and read at every later step (a per-particle value kept across observations), a
    /// named observation, a factor beside each step's observation (two scores per step) and a result computed after the fold.
    /// </summary>
    [Compiled]
    public static Model<Tensor> DriftingWalk(Tensor[] ys, Tensor scale) =>
        from drift in Sample("drift", TensorDist.Normal(scale * 0, scale))
        from first in Observe("first", TensorDist.Normal(drift, scale), ys[0])
        from level in Fold("x", ys.Length - 1, drift, (prev, t) =>
            from x in Sample("x", TensorDist.Normal(prev + drift, scale))
            from _ in Observe(TensorDist.Normal(x, scale), ys[t + 1])
            from __ in Factor(-0.005 * x * x)
            select x)
        select level + drift;

    /// <summary>A per-particle value kept across an observation with the particle dimension second ([1, N]).</summary>
    [Compiled]
    public static Model<Tensor> TransposedLevel(Tensor[] ys, Tensor scale) =>
        from x in Sample("x", TensorDist.Normal(scale * 0, scale))
        let row = x.unsqueeze(0)
        from _ in Observe("y0", TensorDist.Normal(x, scale), ys[0])
        from __ in Observe("y1", TensorDist.Normal(row.squeeze(0), scale), ys[1])
        select x;

    private static double[] Walk(int steps, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[steps];
        double x = 0;
        for (int t = 0; t < steps; t++)
        {
            x += 0.3 + rng.NextGaussian();
            y[t] = x + 0.5 * rng.NextGaussian();
        }
        return y;
    }

    private static Tensor[] Tensors(double[] y) => [.. y.Select(v => tensor(v, dtype: ScalarType.Float64))];

    private sealed class Recorder : IProgress<SmcProgress>
    {
        public List<SmcProgress> Reports { get; } = [];

        public void Report(SmcProgress value) => Reports.Add(value);
    }

    private static (WeightedSample<TensorParticle> Sample, List<SmcProgress> Reports) Run<T>(Model<T> model, bool interpreted, double essThreshold, ulong seed)
    {
        // The comparisons mean something only if the two runs take different paths.
        if (!interpreted) Assert.True(CompiledModels.TryGetTwin(model, out var twin) && twin is ITensorCompiledModel, "the model has no tensor particle program");
        var recorder = new Recorder();
        var s = Infer.TensorSmc(model, new TensorSmcOptions
        {
            Particles = 500,
            EssThreshold = essThreshold,
            Interpreted = interpreted,
            Run = new TensorRunOptions { Seed = seed },
        }, recorder);
        return (s, recorder.Reports);
    }

    private static void AssertSamePopulation(WeightedSample<TensorParticle> compiled, WeightedSample<TensorParticle> interpreted, List<SmcProgress> compiledReports, List<SmcProgress> interpretedReports)
    {
        Assert.Equal(interpreted.LogEvidence, compiled.LogEvidence);
        Assert.Equal(interpreted.LogEvidenceStandardError, compiled.LogEvidenceStandardError);
        Assert.Equal(interpreted.LogEvidenceStandardErrorKind, compiled.LogEvidenceStandardErrorKind);
        Assert.Equal(interpreted.EffectiveSampleSize, compiled.EffectiveSampleSize);
        Assert.Equal(interpreted.EffectiveSampleSizeBeforeResampling, compiled.EffectiveSampleSizeBeforeResampling);
        Assert.Equal(interpreted.Weights, compiled.Weights);
        Assert.Equal(interpretedReports, compiledReports);
        var expected = interpreted.Particles.Values;
        var actual = compiled.Particles.Values;
        Assert.Equal(expected.Keys, actual.Keys); // the same choices, in the order first drawn
        foreach (var (address, values) in expected)
        {
            Assert.Equal(values.shape, actual[address].shape);
            Assert.True(values.eq(actual[address]).all().ToBoolean(), $"the particles at '{address}' differ");
        }
    }

    [Fact]
    public void TheTensorModelsHaveTensorParticlePrograms()
    {
        var y = Walk(7, 1);
        var walk = HmmTensorSmcTests.GaussianRandomWalk(y, 1, 1, 0.5);
        Assert.True(CompiledModels.TryGetTwin(walk, out var twin));
        Assert.Equal(7, Assert.IsAssignableFrom<ITensorCompiledModel>(twin).TensorProgram().Steps);
        var drifting = DriftingWalk(Tensors(y), tensor(1.0, dtype: ScalarType.Float64));
        Assert.True(CompiledModels.TryGetTwin(drifting, out var twin2));
        Assert.Equal(1 + 2 * 6, Assert.IsAssignableFrom<ITensorCompiledModel>(twin2).TensorProgram().Steps);
    }

    [Theory]
    [InlineData(0.5, 1UL)]
    [InlineData(1.0, 2UL)]
    [InlineData(0.0, 3UL)]
    public void TheCompiledRandomWalkFilterIsTheInterpretedOne(double essThreshold, ulong seed)
    {
        var model = HmmTensorSmcTests.GaussianRandomWalk(Walk(30, seed), 1, 1, 0.5);
        var (compiled, compiledReports) = Run(model, interpreted: false, essThreshold, seed);
        var (interpreted, interpretedReports) = Run(model, interpreted: true, essThreshold, seed);
        Assert.Equal(30, compiled.Particles.Values.Count);
        AssertSamePopulation(compiled, interpreted, compiledReports, interpretedReports);
    }

    [Theory]
    [InlineData(0.5, 4UL)]
    [InlineData(1.0, 5UL)]
    public void TheCompiledDriftingWalkFilterIsTheInterpretedOne(double essThreshold, ulong seed)
    {
        var model = DriftingWalk(Tensors(Walk(20, seed)), tensor(1.0, dtype: ScalarType.Float64));
        var (compiled, compiledReports) = Run(model, interpreted: false, essThreshold, seed);
        var (interpreted, interpretedReports) = Run(model, interpreted: true, essThreshold, seed);
        Assert.Equal(1 + 19, compiled.Particles.Values.Count);
        Assert.Equal(1 + 2 * 19, compiledReports.Count);
        AssertSamePopulation(compiled, interpreted, compiledReports, interpretedReports);
    }

    [Fact]
    public void AValueWithTheParticleDimensionLaterIsRefusedAtResamplingAndRunsInterpreted()
    {
        // Resampling moves rows; a per-particle value of shape [1, N] cannot be moved row by row (the interpreter recomputes
        // it from the resampled draws), so the compiled filter refuses it by name rather than keep the rows unmoved.
        var model = TransposedLevel(Tensors([0.5, 1.0]), tensor(1.0, dtype: ScalarType.Float64));
        var e = Assert.Throws<ModelException>(() => Run(model, interpreted: false, essThreshold: 1, seed: 3));
        Assert.Contains("'row'", e.Message);
        Assert.Contains("[1, 500]", e.Message);
        Assert.Contains("Interpreted = true", e.Message);
        var (interpreted, _) = Run(model, interpreted: true, essThreshold: 1, seed: 3);
        Assert.True(double.IsFinite(interpreted.LogEvidence));
    }

    [Fact]
    public void TheCompiledFilterDrawsThroughTheTensorHandlersChecks()
    {
        // A negative scale: the interpreter's check, with the address of the choice, on both paths.
        var model = HmmTensorSmcTests.GaussianRandomWalk(Tensors([0.5, 1.0]), tensor(0.0, dtype: ScalarType.Float64),
            tensor(1.0, dtype: ScalarType.Float64), tensor(-1.0, dtype: ScalarType.Float64), tensor(0.5, dtype: ScalarType.Float64));
        foreach (bool interpreted in new[] { false, true })
        {
            var e = Assert.Throws<ModelException>(() => Infer.TensorSmc(model, new TensorSmcOptions { Particles = 10, Interpreted = interpreted }));
            Assert.Equal(((Address)"x").Child(1).Child("x"), e.Address);
        }
    }
}
