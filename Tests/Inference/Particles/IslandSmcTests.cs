using System.Text.Json;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Probabilistic.Tests.Data;
using Probabilistic.Tests.Inference.Algorithms;
using Xunit;

namespace Probabilistic.Tests.Inference.Particles;

/// <summary>
/// The single-machine island runner (<see cref="IslandSmc"/>): independent islands are <c>Infer.Smc</c>'s islands bit for
/// bit; islands copied through checkpoints (as grains copy them) give the in-memory copies' result bit for bit; island
/// resampling agrees with the Kalman filter on hmm_gauss_T50.
/// </summary>
public class IslandSmcTests
{
    private static double[] Array(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static void AssertIdentical<T>(WeightedSample<T> expected, WeightedSample<T> actual, Func<T, double> value)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(value(expected.Values[i]), value(actual.Values[i]));
            Assert.Equal(expected.Weights[i], actual.Weights[i]);
        }
        Assert.Equal(expected.LogEvidence, actual.LogEvidence);
        Assert.Equal(expected.LogEvidenceStandardError, actual.LogEvidenceStandardError);
        Assert.Equal(expected.LogEvidenceStandardErrorKind, actual.LogEvidenceStandardErrorKind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IndependentIslandsAreInferSmcsIslands(bool interpreted)
    {
        var model = GaussianHmm.Model(GaussianHmm.Simulate(30, 2));
        var island = new SmcOptions { Particles = 60, Seed = 9, Interpreted = interpreted };
        var pooled = IslandSmc.Run(model, new IslandSmcOptions { Islands = 4, Island = island });
        AssertIdentical(Infer.Smc(model, island with { Particles = 240, Islands = 4 }), pooled, x => x.Value);
        Assert.Equal(LogEvidenceErrorKind.Islands, pooled.LogEvidenceStandardErrorKind);
    }

    /// <summary>
    /// Islands that copy each other through checkpoint bytes (the public <see cref="SmcSampler"/> API: what the grains do)
    /// give the in-memory runner's result, bit for bit, on the interpreted and the compiled program.
    /// </summary>
    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, 1.0)]
    [InlineData(false, 0.6)]
    public async Task IslandsCopiedThroughCheckpointsAreTheInMemoryRun(bool interpreted, double islandEssThreshold)
    {
        var model = GaussianHmm.Model(GaussianHmm.Simulate(20, 5));
        var options = new IslandSmcOptions
        {
            Islands = 3, Interaction = IslandInteraction.Resampling, IslandEssThreshold = islandEssThreshold,
            Island = new SmcOptions { Particles = 40, Seed = 6, Interpreted = interpreted },
        };
        var expected = IslandSmc.Run(model, options);
        var actual = await IslandSmc.RunAsync(new CheckpointIslands<Real>(model, options), options);
        AssertIdentical(expected, actual, x => x.Value);
        if (islandEssThreshold == 1) Assert.NotEqual(LogEvidenceErrorKind.Islands, actual.LogEvidenceStandardErrorKind);
    }

    /// <summary>
    /// The criterion on hmm_gauss_T50 for island resampling (16 islands of 50 particles, islands resampled
    /// multinomially when their ESS falls below 8, so that the island genealogy's Lee–Whiteley error applies): over 20 seeds,
    /// log Ẑ within 3 estimated standard errors of the Kalman filter's exact value at least 18 times (as in
    /// <see cref="HmmSmcTests"/>; a run whose island genealogy coalesced reports an error of 0 and counts as a miss). And
    /// unbiasedness on the natural scale: the mean of Ẑ/Z over the 20 runs is within 3 standard errors (their sample sd/√20) of 1.
    /// </summary>
    [Fact]
    public void IslandResamplingAgreesWithTheKalmanFilter()
    {
        var data = RepositoryData.Json("hmm_gauss_T50.json");
        var p = data.GetProperty("params");
        double exactLogZ = data.GetProperty("reference").GetProperty("log_marginal_likelihood").GetDouble();
        var model = GaussianHmm.Model(Array(data, "y"), p.GetProperty("s0").GetDouble(), p.GetProperty("q").GetDouble(), p.GetProperty("r").GetDouble());
        int hits = 0;
        var ratios = new List<double>();
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var s = IslandSmc.Run(model, new IslandSmcOptions
            {
                Islands = 16, Interaction = IslandInteraction.Resampling, IslandEssThreshold = 0.5,
                Island = new SmcOptions { Particles = 50, Seed = seed, Resampler = Resampler.Multinomial },
            });
            if (Math.Abs(s.LogEvidence - exactLogZ) <= 3 * s.LogEvidenceStandardError) hits++;
            ratios.Add(Math.Exp(s.LogEvidence - exactLogZ));
        }
        Assert.True(hits >= 18, $"log evidence within 3 se in {hits} of 20 runs");
        double mean = ratios.Average(), sd = Math.Sqrt(ratios.Sum(r => (r - mean) * (r - mean)) / (ratios.Count - 1));
        Assert.True(Math.Abs(mean - 1) <= 3 * sd / Math.Sqrt(ratios.Count), $"mean Ẑ/Z = {mean}, sd {sd}");
    }

    /// <summary>Independent islands on hmm_gauss_T50: log Ẑ within 3 of the islands' standard errors in at least 18 of 20 runs.</summary>
    [Fact]
    public void IndependentIslandsAgreeWithTheKalmanFilter()
    {
        var data = RepositoryData.Json("hmm_gauss_T50.json");
        var p = data.GetProperty("params");
        double exactLogZ = data.GetProperty("reference").GetProperty("log_marginal_likelihood").GetDouble();
        var model = GaussianHmm.Model(Array(data, "y"), p.GetProperty("s0").GetDouble(), p.GetProperty("q").GetDouble(), p.GetProperty("r").GetDouble());
        int hits = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var s = IslandSmc.Run(model, new IslandSmcOptions { Islands = 8, Island = new SmcOptions { Particles = 250, Seed = seed } });
            if (Math.Abs(s.LogEvidence - exactLogZ) <= 3 * s.LogEvidenceStandardError) hits++;
        }
        Assert.True(hits >= 18, $"log evidence within 3 se in {hits} of 20 runs");
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        var model = GaussianHmm.Model(GaussianHmm.Simulate(5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IslandSmc.Run(model, new IslandSmcOptions { Islands = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => IslandSmc.Run(model, new IslandSmcOptions { IslandEssThreshold = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => IslandSmc.Run(model, new IslandSmcOptions { Island = new SmcOptions { Particles = 20, Islands = 2 } }));
    }

    /// <summary>Islands as <see cref="SmcSampler{T}"/>s that copy each other through checkpoint bytes.</summary>
    private sealed class CheckpointIslands<T> : ISmcIslands<T>
    {
        private readonly Model<T> _model;
        private readonly SmcOptions _island;
        private readonly SmcSampler<T>[] _samplers;

        public CheckpointIslands(Model<T> model, IslandSmcOptions options)
        {
            _model = model;
            _island = options.Island;
            _samplers = [.. IslandSmc.IslandSeeds(options.Island.Seed, options.Islands).Select(s => SmcSampler.Start(model, options.Island with { Seed = s }))];
        }

        public int Count => _samplers.Length;

        public Task<IslandStatus[]> AdvanceAsync(CancellationToken cancellationToken)
        {
            foreach (var s in _samplers) s.Run(1, cancellationToken: cancellationToken);
            return Task.FromResult(_samplers.Select(s => new IslandStatus(s.LogEvidence, s.IsFinished)).ToArray());
        }

        public Task CopyAsync(int[] ancestors, ulong[] seeds, CancellationToken cancellationToken)
        {
            var bytes = _samplers.Select(s => s.Checkpoint().ToBytes()).ToArray();
            for (int b = 0; b < _samplers.Length; b++)
            {
                if (ancestors[b] == b) _samplers[b].Reseed(seeds[b]);
                else _samplers[b] = SmcSampler.Resume(_model, SmcCheckpoint.FromBytes(bytes[ancestors[b]]).WithSeed(seeds[b]), _island);
            }
            return Task.CompletedTask;
        }

        public Task<WeightedSample<T>[]> ResultsAsync(CancellationToken cancellationToken) => Task.FromResult(_samplers.Select(s => s.Result()).ToArray());
    }
}
