using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>
/// Checks for distributions whose <see cref="IReparameterized{T}.Rsample"/> is an explicit transform
/// x = g(ε; θ) of a base draw: its values have the distribution, and its tape gradient is the
/// derivative of g in θ, which is a finite difference of the sampling map run on the same random stream.
/// </summary>
public abstract class ExplicitReparameterizationTests : ContinuousDistributionTests
{
    private static Real Rsample(IUnivariateCdf d, Rng rng) => ((IReparameterized<Real>)d).Rsample(rng);

    [Fact]
    public void RsampleMatchesTheDistribution() => AssertSamples(rng => Rsample(MakeMomentCase(), rng).Value, seed: 20240602);

    [Fact]
    public void RsampleEqualsSampleOnTheSameStream()
    {
        var d = MakeMomentCase();
        var a = new Rng(5);
        var b = new Rng(5);
        for (int i = 0; i < 100; i++) Assert.Equal(d.Sample(a).Value, Rsample(d, b).Value);
    }

    [Fact]
    public void RsampleGradientIsTheDerivativeOfTheSamplingMap()
    {
        foreach (var p in ParameterSets)
            for (ulong seed = 1; seed <= 20; seed++)
                FiniteDifference.AssertGradient(v => Rsample(Create(v), new Rng(seed)), p, context: $"{Make(p).Name}.Rsample (seed {seed})");
    }
}
