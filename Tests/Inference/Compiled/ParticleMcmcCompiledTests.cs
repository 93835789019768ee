using Probabilistic.Compilation;
using Probabilistic.Inference;
using Probabilistic.Inference.Compiled;
using Probabilistic.Inference.Particles;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// PMMH, SMC² and particle Gibbs on a [Compiled] model's particle program (Inference/Compiled/ChoicePopulation): the
/// constrained filter (θ given), the recording filter and conditional SMC give the interpreter's particles, weights,
/// evidence and choices for the same seed, so the chains are identical to the interpreted ones (Interpreted = true).
/// </summary>
public class ParticleMcmcCompiledTests
{
    private static readonly Resampler[] Schemes = [Resampler.Systematic, Resampler.Multinomial, Resampler.Stratified, Resampler.Residual];

    private static void AssertSameMap(ChoiceMap expected, ChoiceMap actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var ((ea, ev), (aa, av)) in expected.Zip(actual))
        {
            Assert.Equal(ea, aa);
            Assert.Equal(ev, av);
        }
    }

    private static bool RunsCompiled<T>(IParticleFilter<T> filter) => filter.GetType().Name.StartsWith("ChoicePopulation", StringComparison.Ordinal);

    /// <summary>Both filters step by step: the evidence after each step bit for bit, then a drawn particle's value and choices.</summary>
    private static void AssertSameFilters<T>(IParticleFilter<T> interpreted, IParticleFilter<T> compiled, Resampler scheme, double threshold, bool choices)
    {
        Assert.False(RunsCompiled(interpreted));
        Assert.True(RunsCompiled(compiled));
        while (!interpreted.AllFinished)
        {
            bool i = interpreted.TrySequentially(scheme, threshold, steps: 1), c = compiled.TrySequentially(scheme, threshold, steps: 1);
            Assert.Equal(i, c);
            if (!i) return;
            Assert.Equal(interpreted.LogEvidence, compiled.LogEvidence);
            Assert.Equal(interpreted.AllFinished, compiled.AllFinished);
        }
        Assert.True(compiled.AllFinished);
        for (ulong s = 0; s < 5; s++)
        {
            int k = interpreted.Draw(new Rng(s));
            Assert.Equal(k, compiled.Draw(new Rng(s)));
            Assert.Equal(interpreted.Value(k), compiled.Value(k));
            if (choices) AssertSameMap(interpreted.Choices(k), compiled.Choices(k));
        }
    }

    [Theory]
    [InlineData(1UL, 0.5)]
    [InlineData(2UL, 1.0)]
    [InlineData(3UL, 0.0)]
    public void ConstrainedFilterIsTheInterpreters(ulong seed, double threshold)
    {
        var model = ParticleMcmcModels.NoisyWalk(ParticleMcmcModels.Data(25, seed));
        Assert.True(CompiledModels.TryGetTwin(model, out _));
        // q, a fold step's state and a plate element (another model) given: scalar, fold and plate slots.
        var theta = ChoiceMap.Of(("q", (Real)0.8), ((Address)"x" / 7 / "x", (Real)1.5));
        var switching = ParticleMcmcModels.SwitchingWalk(ParticleMcmcModels.Data(20, seed));
        var thetaSwitching = ChoiceMap.Of(("mu", (Real)0.3), ((Address)"o" / 1, (Real)(-0.4)), ((Address)"x" / 3 / "s", true));
        foreach (var scheme in Schemes)
        {
            var o = new PmmhOptions { Particles = 64, Resampler = scheme, EssThreshold = threshold };
            AssertSameFilters(Population<Real>.Spawn(CompiledModels.Interpreted(model), o, Stepper.Constrained(theta), seed),
                CompiledFilters.Constrained(model, theta, o, seed), scheme, threshold, choices: false);
            AssertSameFilters(Population<Real>.Spawn(CompiledModels.Interpreted(switching), o, Stepper.Constrained(thetaSwitching), seed),
                CompiledFilters.Constrained(switching, thetaSwitching, o, seed), scheme, threshold, choices: false);
        }
    }

    [Theory]
    [InlineData(4UL)]
    [InlineData(5UL)]
    public void RecordingAndConditionalFiltersAreTheInterpreters(ulong seed)
    {
        var model = ParticleMcmcModels.SwitchingWalk(ParticleMcmcModels.Data(20, seed));
        var o = new ParticleGibbsOptions { Particles = 40 };
        AssertSameFilters(Population<Real>.Spawn(CompiledModels.Interpreted(model), o, Stepper.Bootstrap.Recording(), seed),
            CompiledFilters.Recording(model, null, o, seed), o.Resampler, o.EssThreshold, choices: true);
        var reference = model.Simulate(new Rng(seed)).Choices;
        AssertSameFilters(Population<Real>.Spawn(CompiledModels.Interpreted(model), o, Stepper.Conditional(reference), seed + 1),
            CompiledFilters.Recording(model, reference, o, seed + 1), o.Resampler, o.EssThreshold, choices: true);
    }

    [Theory]
    [InlineData(1UL, 0.5)]
    [InlineData(6UL, 1.0)]
    public void PmmhOnTheCompiledProgramIsTheInterpretedChain(ulong seed, double threshold)
    {
        var model = ParticleMcmcModels.NoisyWalk(ParticleMcmcModels.Data(30, seed));
        var o = new PmmhOptions { Particles = 50, Samples = 60, BurnIn = 10, Seed = seed, EssThreshold = threshold };
        var interpreted = Infer.Pmmh(model, Selection.Of("q"), o with { Interpreted = true });
        var compiled = Infer.Pmmh(model, Selection.Of("q"), o);
        Assert.True(RunsCompiled(CompiledFilters.Constrained(model, ChoiceMap.Of(("q", (Real)0.8)), o, seed)));   // the chain's filters were the compiled ones
        Assert.Equal(interpreted.AcceptanceRate, compiled.AcceptanceRate);
        Assert.Equal(interpreted.LogEvidence, compiled.LogEvidence);
        Assert.Equal(interpreted.Values, compiled.Values);
        for (int i = 0; i < interpreted.Parameters.Count; i++) AssertSameMap(interpreted.Parameters[i], compiled.Parameters[i]);
        Assert.InRange(compiled.AcceptanceRate, 0.01, 1.0);
    }

    [Fact]
    public void PmmhWithPlateElementsSelectedIsTheInterpretedChain()
    {
        var model = ParticleMcmcModels.SwitchingWalk(ParticleMcmcModels.Data(15, 8));
        var selection = Selection.Of("mu") | Selection.Prefix("o");
        var o = new PmmhOptions { Particles = 40, Samples = 40, BurnIn = 5, Seed = 8 };
        var interpreted = Infer.Pmmh(model, selection, o with { Interpreted = true });
        var compiled = Infer.Pmmh(model, selection, o);
        Assert.True(RunsCompiled(CompiledFilters.Constrained(model, compiled.Parameters[0], o, 8)));
        Assert.Equal(interpreted.AcceptanceRate, compiled.AcceptanceRate);
        Assert.Equal(interpreted.LogEvidence, compiled.LogEvidence);
        Assert.Equal(interpreted.Values, compiled.Values);
        for (int i = 0; i < interpreted.Parameters.Count; i++) AssertSameMap(interpreted.Parameters[i], compiled.Parameters[i]);
        Assert.Equal(3, compiled.Parameters[0].Count);
    }

    [Fact]
    public void Smc2OnTheCompiledProgramIsTheInterpretedRun()
    {
        var model = ParticleMcmcModels.NoisyWalk(ParticleMcmcModels.Data(20, 9));
        var o = new Smc2Options { ParameterParticles = 16, Particles = 30, Seed = 9 };
        var interpreted = Infer.Smc2(model, Selection.Of("q"), o with { Interpreted = true });
        var compiled = Infer.Smc2(model, Selection.Of("q"), o);
        Assert.True(RunsCompiled(CompiledFilters.Constrained(model, compiled.Values[0].Parameters, o, 9)));
        Assert.Equal(interpreted.LogEvidence, compiled.LogEvidence);
        Assert.Equal(interpreted.Count, compiled.Count);
        for (int i = 0; i < interpreted.Count; i++)
        {
            Assert.Equal(interpreted.Weights[i], compiled.Weights[i]);
            AssertSameMap(interpreted.Values[i].Parameters, compiled.Values[i].Parameters);
            Assert.Equal(interpreted.Values[i].Value, compiled.Values[i].Value);
        }
    }

    [Theory]
    [InlineData(10UL)]
    [InlineData(11UL)]
    public void ParticleGibbsOnTheCompiledProgramIsTheInterpretedChain(ulong seed)
    {
        var model = ParticleMcmcModels.SwitchingWalk(ParticleMcmcModels.Data(15, seed));
        var o = new ParticleGibbsOptions { Particles = 30, Samples = 40, BurnIn = 5, Seed = seed };
        var interpreted = Infer.ParticleGibbs(model, o with { Interpreted = true });
        var compiled = Infer.ParticleGibbs(model, o);
        Assert.True(RunsCompiled(CompiledFilters.Recording(model, compiled.Traces[0].Choices, o, seed)));
        Assert.Equal(interpreted.AcceptanceRate, compiled.AcceptanceRate);
        Assert.Equal(interpreted.Values, compiled.Values);
        for (int i = 0; i < interpreted.Traces.Count; i++)
        {
            AssertSameMap(interpreted.Traces[i].Choices, compiled.Traces[i].Choices);
            Assert.Equal(interpreted.Traces[i].LogJoint, compiled.Traces[i].LogJoint);
        }
        Assert.InRange(compiled.AcceptanceRate, 0.05, 1.0);
    }

    [Fact]
    public void ConstraintErrorsAreTheInterpreters()
    {
        var model = ParticleMcmcModels.NoisyWalk(ParticleMcmcModels.Data(5, 1));
        var o = new PmmhOptions { Particles = 4 };
        foreach (var theta in new[] { ChoiceMap.Of(("q", 0.5)), ChoiceMap.Of(("q", (Real)0.5), ("nowhere", (Real)1.0)), ChoiceMap.Of(((Address)"x" / 9 / "x", (Real)1.0)) })
        {
            var expected = Assert.Throws<ModelException>(() => Population<Real>.Spawn(CompiledModels.Interpreted(model), o, Stepper.Constrained(theta), 1)
                .TrySequentially(o.Resampler, o.EssThreshold));
            var compiled = CompiledFilters.Constrained(model, theta, o, 1);
            Assert.True(RunsCompiled(compiled));
            var actual = Assert.Throws<ModelException>(() => compiled.TrySequentially(o.Resampler, o.EssThreshold));
            Assert.Equal(expected.Message, actual.Message);
            Assert.Equal(expected.Address, actual.Address);
        }
    }
}
