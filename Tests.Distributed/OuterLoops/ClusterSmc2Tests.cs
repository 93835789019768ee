using Probabilistic.Distributed.OuterLoops;
using Probabilistic.Distributed.Tests.Cluster;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.Tests.OuterLoops;

/// <summary>SMC² with its parameter particles in blocks over grains, on the shared three-silo cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterSmc2Tests(ClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private static void AssertSameRun<T>(WeightedSample<(ChoiceMap Parameters, T Value)> expected, WeightedSample<(ChoiceMap Parameters, T Value)> actual)
    {
        Assert.Equal(expected.LogEvidence, actual.LogEvidence);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.Values[i].Parameters, actual.Values[i].Parameters);
            Assert.Equal(expected.Values[i].Value, actual.Values[i].Value);
            Assert.Equal(expected.Weights[i], actual.Weights[i]);
        }
    }

    [Theory]
    [InlineData(3, 0.5, "systematic")]
    [InlineData(4, 1.0, "multinomial")] // resampled at every step, ancestors scattered: many are rebuilt in another block from their lineage
    [InlineData(1, 0.8, "residual")]
    public async Task TheRunIsTheSingleMachineRunForTheSeed(int blocks, double threshold, string scheme)
    {
        var resampler = scheme switch { "systematic" => Resampler.Systematic, "multinomial" => Resampler.Multinomial, _ => Resampler.Residual };
        var options = new Smc2Options { ParameterParticles = 14, Particles = 12, EssThreshold = threshold, Resampler = resampler, MoveSteps = 2, Seed = 21 };
        var cluster = await ClusterParticleMcmc.Smc2<double>(fixture.Cluster.Client, OuterLoopModels.Drift, [Address.Parse("q")], options, blocks).WaitAsync(Limit);
        AssertSameRun(Infer.Smc2(OuterLoopModels.DriftModel(), Selection.Of("q"), options), cluster);
    }

    [Fact]
    public async Task TheInterpretedRunOfADiscreteParameterIsTheSingleMachineRun()
    {
        var options = new Smc2Options { ParameterParticles = 10, Particles = 8, EssThreshold = 1.0, Seed = 3, Interpreted = true };
        var cluster = await ClusterParticleMcmc.Smc2<int>(fixture.Cluster.Client, OuterLoopModels.Accuracy, [Address.Parse("accuracy")], options, 3).WaitAsync(Limit);
        AssertSameRun(Infer.Smc2(OuterLoopModels.AccuracyModel(), Selection.Of("accuracy"), options), cluster);
    }

    [Fact]
    public async Task EvidenceAndParameterPosteriorAreUnbiased()
    {
        // Smc2Tests' check, on the cluster: SMC² is SMC on the extended space of (θ, inner filter), so Ẑ and Ẑ·P̂(θ = k)
        // are unbiased for Z and Z·P(θ = k | y) (Chopin, Jacob & Papaspiliopoulos 2013, Prop. 1; Del Moral 2004, Thm 7.4.2).
        // Over R independent runs (seeds 700…) each mean is within 5 estimated standard errors (the runs' sd / √R) of the
        // exact value from enumeration. With the sd estimated from R runs, (mean − exact)/SE is roughly Student t with R − 1
        // df, not normal: P(|t| > 5) ≈ 6e-6 for 59 df and ≈ 4e-5 for 29 df per mean, ≈ 2e-4 for the four (union bound); Ẑ is
        // right-skewed, so with few runs the t approximation is itself rough. The seeds are fixed, so the test is
        // deterministic; it is a sanity check on the cluster path: this run is asserted bit-identical to Infer.Smc2 above
        // (TheInterpretedRunOfADiscreteParameterIsTheSingleMachineRun), and Smc2Tests checks Infer.Smc2's unbiasedness with
        // more runs. R = 30 keeps it short on a loaded machine.
        var posterior = Infer.Enumerate(OuterLoopModels.AccuracyModel());
        double z = Math.Exp(posterior.LogEvidence);
        const int runs = 30;
        var zHat = new double[runs];
        var joint = new double[runs, 3];
        for (int r = 0; r < runs; r++)
        {
            var s = await ClusterParticleMcmc.Smc2<int>(fixture.Cluster.Client, OuterLoopModels.Accuracy, [Address.Parse("accuracy")],
                new Smc2Options { ParameterParticles = 20, Particles = 10, EssThreshold = 1.0, Seed = 700 + (ulong)r }, 3).WaitAsync(Limit);
            zHat[r] = Math.Exp(s.LogEvidence);
            for (int k = 0; k < 3; k++) joint[r, k] = zHat[r] * s.Probability(p => p.Parameters.Get<int>("accuracy") == k);
        }
        AssertMean(zHat, z);
        for (int k = 0; k < 3; k++)
            AssertMean(Enumerable.Range(0, runs).Select(r => joint[r, k]).ToArray(), z * posterior.Probability(k));
    }

    private static void AssertMean(double[] xs, double expected)
    {
        double mean = xs.Average();
        double se = Math.Sqrt(xs.Select(x => (x - mean) * (x - mean)).Sum() / (xs.Length - 1) / xs.Length);
        Assert.InRange(mean, expected - 5 * se, expected + 5 * se);
        Assert.True(se > 0, "the estimates should vary across seeds");
    }

    [Fact]
    public async Task AnUnknownModelAndAModelThatThrowsAreClearErrors()
    {
        var options = new Smc2Options { ParameterParticles = 6, Particles = 4 };
        var unknown = await Assert.ThrowsAnyAsync<Exception>(() =>
            ClusterParticleMcmc.Smc2<double>(fixture.Cluster.Client, "outerloops-no-such-model", [Address.Parse("q")], options).WaitAsync(Limit));
        Assert.Contains("'outerloops-no-such-model'", unknown.Message);
        var throws = await Assert.ThrowsAnyAsync<Exception>(() =>
            ClusterParticleMcmc.Smc2<double>(fixture.Cluster.Client, OuterLoopModels.Throws, [Address.Parse("q")], options).WaitAsync(Limit));
        Assert.Contains(OuterLoopModels.ThrowsMessage, throws.Message);
        Assert.IsType<ModelException>(throws);
        Assert.Contains($"'{OuterLoopModels.Throws}'", throws.Message);
        Assert.Contains("Smc2", throws.Message);
        Assert.IsType<InvalidOperationException>(throws.InnerException);
        var selection = await Assert.ThrowsAsync<ModelException>(() =>
            ClusterParticleMcmc.Smc2<double>(fixture.Cluster.Client, OuterLoopModels.Drift, [Address.Parse("nope")], options).WaitAsync(Limit));
        Assert.Contains("'nope'", selection.Message);
    }
}
