using System.Diagnostics;
using System.Globalization;
using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Benchmarks.Islands;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- island-smc [--seeds R] [--steps T]</c>: the Gaussian HMM (T = 200,
/// compiled twin) filtered by one population of 100,000 particles against the island model with 4 islands of 25,000
/// (independent; and with island resampling at island ESS &lt; 2), R seeds, the three sides interleaved per seed, each on
/// 2 threads: the variance of log Ẑ over the seeds, its ratio to the single population's against the derived factor,
/// and the wall time (min, median).
/// </summary>
/// <remarks>
/// The factor. An island of M = N/B particles has log Ẑ_M ≈ Normal(log Z − s²/2, s²) with s² ≈ B·σ²_N (the SMC central
/// limit theorem: the relative variance of Ẑ is ≈ c/M; σ²_N = Var log Ẑ_N of the single population, c/N). Independent
/// islands average B independent Ẑ_M: Var(Ẑ/Z) = (e^{s²} − 1)/B, so Var log Ẑ_islands ≈ log(1 + (e^{s²} − 1)/B) ≈
/// s²/B·(1 + s²(B − 1)/(2B)), against σ²_N = s²/B for the single population: the variance inflation factor is
/// 1 + s²(B − 1)/(2B) ≤ 1 + s²/2 (Vergé et al. 2015, §3: the same first-order variance, a second-order penalty that
/// grows with the islands' own variance). Island resampling at most keeps this (the paper's double bootstrap trades
/// island variance for island-level resampling noise). The measured ratio of two sample variances over R seeds has an
/// F(R−1, R−1) sampling spread, printed with it.
/// </remarks>
public static class IslandSmcComparison
{
    public static int Run(string[] args)
    {
        int seeds = Option(args, "--seeds", 10), steps = Option(args, "--steps", 200);
        const int islands = 4, perIsland = 25_000, threads = 2;
        var y = GaussianHmm.Simulate(steps, 42);
        var model = GaussianHmm.Model(y);
        double exact = KalmanFilter.Run(y, 1, 1, 1).LogMarginalLikelihood;
        Console.WriteLine($"Gaussian HMM, T = {steps}, compiled twin: {CompiledModels.TryGetTwin(model, out _)}; exact log Z (Kalman) = {exact:F4}; {seeds} seeds, {threads} threads, sides interleaved per seed");
        var single = new SmcOptions { Particles = islands * perIsland, MaxDegreeOfParallelism = threads };
        IslandSmcOptions Island(ulong seed, IslandInteraction interaction) => new()
        {
            Islands = islands, Interaction = interaction, IslandEssThreshold = 0.5,
            Island = new SmcOptions { Particles = perIsland, Seed = seed, MaxDegreeOfParallelism = threads },
        };
        var sides = new (string Name, Func<ulong, WeightedSample<Real>> Run)[]
        {
            ("one population of 100,000", seed => Infer.Smc(model, single with { Seed = seed })),
            ("4 independent islands of 25,000", seed => IslandSmc.Run(model, Island(seed, IslandInteraction.Independent))),
            ("4 islands of 25,000, island resampling", seed => IslandSmc.Run(model, Island(seed, IslandInteraction.Resampling))),
        };
        foreach (var side in sides) side.Run(1000); // warm-up (JIT)
        var logZ = sides.Select(_ => new List<double>()).ToArray();
        var seconds = sides.Select(_ => new List<double>()).ToArray();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            for (int s = 0; s < sides.Length; s++)
            {
                var w = Stopwatch.StartNew();
                var r = sides[s].Run(seed);
                w.Stop();
                seconds[s].Add(w.Elapsed.TotalSeconds);
                logZ[s].Add(r.LogEvidence);
            }
        double baseVariance = Variance(logZ[0]);
        double s2 = islands * baseVariance;
        double predicted = 1 + s2 * (islands - 1) / (2.0 * islands);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(inv, "{0,-42} {1,12} {2,14} {3,12} {4,10} {5,10}", "side", "mean log Z", "var log Z", "var ratio", "min s", "median s"));
        for (int s = 0; s < sides.Length; s++)
            Console.WriteLine(string.Format(inv, "{0,-42} {1,12:F4} {2,14:E3} {3,12:F3} {4,10:F3} {5,10:F3}", sides[s].Name, logZ[s].Average(),
                Variance(logZ[s]), Variance(logZ[s]) / baseVariance, seconds[s].Min(), Median(seconds[s])));
        Console.WriteLine(string.Format(inv, "derived variance inflation of independent islands: 1 + s²(B−1)/(2B) = {0:F4} (s² = B·var of the single population = {1:E3});", predicted, s2));
        Console.WriteLine($"a ratio of two sample variances over {seeds} seeds spreads as F({seeds - 1}, {seeds - 1}): for 10 seeds, 95% of ratios fall in [0.25, 4.0] when the true ratio is 1.");
        return 0;
    }

    private static double Variance(List<double> v)
    {
        double m = v.Average();
        return v.Sum(x => (x - m) * (x - m)) / (v.Count - 1);
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
