using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Checkpoints;

/// <summary>A fit's sampler state holds its draws once; a faulted sampler refuses to go on; ChainState is a plain value holder.</summary>
public class SamplerStateTests
{
    [Fact]
    public void AFitsSamplerStateDoesNotHoldASecondCopyOfItsDrawsYetContinuesExactly()
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var o = new NutsOptions { Chains = 2, Warmup = 100, Draws = 15, Seed = 9 };
        var fit = Infer.Nuts(model, options: o);
        Assert.All(fit.SamplerState!.Chains, c => Assert.False(c.HoldsDraws));
        Assert.All(fit.SamplerState.Chains, c => Assert.Equal(15, c.DrawCount));
        // Continued directly (the draws rebuilt from the posterior's columns, after generated quantities were attached).
        var longer = HamiltonianSampler.Resume(model, null, fit.SamplerState, o with { Draws = 25 });
        longer.Run(int.MaxValue);
        Assert.Equal(Infer.Nuts(model, options: o with { Draws = 25 }).ToJson(), longer.Posterior().ToJson());
        var density = Infer.Nuts(new ScaledNormalTarget([1, 2]), new NutsOptions { Chains = 1, Warmup = 20, Draws = 5, Seed = 2 });
        Assert.False(density.SamplerState!.Chains[0].HoldsDraws);
    }

    [Fact]
    public void ASamplerWhoseModelThrewIsFaultedAndRefusesToCheckpointOrRun()
    {
        var target = new ThrowingTarget(throwAfter: 400);
        var sampler = HamiltonianSampler.Start(target, new NutsOptions { Chains = 1, Warmup = 100, Draws = 100, Seed = 3 });
        sampler.Run(2);
        var before = sampler.Checkpoint();
        Assert.Equal(2, before.Iteration);
        Assert.ThrowsAny<Exception>(() => sampler.Run(int.MaxValue));
        Assert.Contains("faulted", Assert.Throws<InvalidOperationException>(() => sampler.Checkpoint()).Message);
        Assert.Contains("faulted", Assert.Throws<InvalidOperationException>(() => sampler.Run(1)).Message);
        Assert.Contains("faulted", Assert.Throws<InvalidOperationException>(() => sampler.Posterior()).Message);
    }

    [Fact]
    public void ChainStateIsAClassNotARecord()
    {
        // A record's Equals would compare its arrays by reference and its ToString print "System.Double[]".
        Assert.Null(typeof(ChainState).GetMethod("<Clone>$"));
        var state = Infer.Nuts(new ScaledNormalTarget([1]), new NutsOptions { Chains = 1, Warmup = 10, Draws = 3, Seed = 1 }).SamplerState!.Chains[0];
        Assert.Equal($"ChainState {{ Chain = 0, Iteration = 13, StepSize = {state.StepSize}, DrawCount = 3 }}", state.ToString());
    }

    /// <summary>A standard normal whose evaluations throw after the first <c>throwAfter</c>.</summary>
    private sealed class ThrowingTarget(int throwAfter) : IDifferentiableDensity
    {
        private int _calls;

        public int Dimension => 2;

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            if (++_calls > throwAfter) throw new InvalidOperationException("the density failed");
            gradient[0] = -theta[0];
            gradient[1] = -theta[1];
            return -0.5 * (theta[0] * theta[0] + theta[1] * theta[1]);
        }

        public IDifferentiableDensity ForThread() => this;
    }
}
