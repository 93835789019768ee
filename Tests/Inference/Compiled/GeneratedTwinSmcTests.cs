using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// The gallery's <c>[Compiled]</c> HMMs through <c>Infer.Smc</c> and <c>Infer.Importance</c>: the twin the generator
/// emitted (attached by its interceptor in this test assembly) gives the interpreter's populations for the same seed,
/// and bad parameters are refused as the interpreter refuses them.
/// </summary>
public class GeneratedTwinSmcTests
{
    [Theory]
    [InlineData(1UL, 200)]
    [InlineData(9UL, 1000)]
    public void GeneratedGaussianHmmTwinIsTheInterpretedFilter(ulong seed, int particles)
    {
        var y = GaussianHmm.Simulate(40, seed);
        var model = GaussianHmm.Model(y, 1.5, 0.7, 1.2);
        Assert.True(CompiledModels.TryGetTwin(model, out var twin));
        Assert.Equal("GaussianHmm.Model", twin.Name);
        var interpreted = Infer.Smc(model, new SmcOptions { Particles = particles, Seed = seed, Interpreted = true });
        var compiled = Infer.Smc(model, new SmcOptions { Particles = particles, Seed = seed });
        CompiledSmcTests.AssertSame(interpreted, compiled, x => x.Value);
    }

    [Fact]
    public void GeneratedDiscreteHmmTwinIsTheInterpretedFilterAndImportanceSampler()
    {
        var y = DiscreteHmmModel.Simulate(30, 4);
        var model = DiscreteHmmModel.Model(y);
        Assert.True(CompiledModels.TryGetTwin(model, out _));
        CompiledSmcTests.AssertSame(Infer.Smc(model, new SmcOptions { Particles = 500, Seed = 4, Interpreted = true }),
            Infer.Smc(model, new SmcOptions { Particles = 500, Seed = 4 }), z => z);
        CompiledSmcTests.AssertSame(Infer.Importance(model, new ImportanceOptions { Samples = 300, Seed = 5, Interpreted = true }),
            Infer.Importance(model, new ImportanceOptions { Samples = 300, Seed = 5 }), z => z);
    }

    [Fact]
    public void BadParameterIsRefusedAsTheInterpreterRefusesIt()
    {
        var model = GaussianHmm.Model(GaussianHmm.Simulate(5, 1), s0: -1);
        var interpreted = Assert.Throws<ArgumentException>(() => Infer.Smc(model, new SmcOptions { Particles = 10, Interpreted = true }));
        var compiled = Assert.Throws<ArgumentException>(() => Infer.Smc(model, new SmcOptions { Particles = 10 }));
        Assert.Equal(interpreted.Message, compiled.Message);
        Assert.Equal("sigma", compiled.ParamName);
    }
}
