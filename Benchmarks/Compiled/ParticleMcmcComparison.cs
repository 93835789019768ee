using System.Diagnostics;
using Probabilistic.Compilation;
using Probabilistic.Inference;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Benchmarks.Compiled;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- particle-mcmc [--rounds R] [--steps T] [--particles N] [--only pmmh|gibbs|rmsmc]</c>:
/// PMMH, particle Gibbs and resample-move SMC on a <c>[Compiled]</c> random walk with an unknown noise scale (<see cref="NoisyWalkModel.Model"/>, T = 100
/// by default), the inner filters on the compiled particle program against the interpreter (<c>Interpreted = true</c>),
/// interleaved (A B per round; min and median of the rounds), one thread: PMMH iterations (one constrained filter of N
/// particles each) per second, particle Gibbs sweeps (one conditional SMC of N particles each) per second and resample-move
/// SMC runs (N particles resampled at every step, each then given one single-site move, a replay of its program from the
/// start: O(T²) choices per particle) per second. Both sides give the same result for the seed
/// (Tests/Inference/Compiled/ParticleMcmcCompiledTests, RmsmcCompiledTests), checked here once for PMMH and Rmsmc too.
/// </summary>
public static class ParticleMcmcComparison
{
    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 9), steps = Option(args, "--steps", 100), particles = Option(args, "--particles", 100);
        var model = NoisyWalkModel.Model(NoisyWalkModel.Data(steps, 2024));
        if (!CompiledModels.TryGetTwin(model, out _)) throw new InvalidOperationException("particle-mcmc: the model has no compiled twin (is the Compiler analyzer referenced?).");
        Console.WriteLine($"PMMH, particle Gibbs and Rmsmc, compiled vs interpreted particle programs: T = {steps}, N = {particles}, {rounds} interleaved rounds, 1 thread; {Environment.ProcessorCount} cores");

        string? only = OptionText(args, "--only");
        if (only is null or "pmmh") Pmmh(model, particles, rounds);
        if (only is null or "gibbs") Gibbs(model, particles, rounds);
        if (only is null or "rmsmc") Rmsmc(model, particles, rounds);
        return 0;
    }

    private static void Pmmh(Model<Real> model, int particles, int rounds)
    {
        var pmmh = new PmmhOptions { Particles = particles, BurnIn = 0, Samples = 40, Seed = 3, MaxDegreeOfParallelism = 1 };
        var a = Infer.Pmmh(model, Selection.Of("q"), pmmh);
        var b = Infer.Pmmh(model, Selection.Of("q"), pmmh with { Interpreted = true });
        if (!a.LogEvidence.SequenceEqual(b.LogEvidence)) throw new InvalidOperationException("particle-mcmc: the compiled and interpreted PMMH chains differ.");
        int iterations = pmmh.Samples + pmmh.BurnIn;
        Report("PMMH iterations per second", rounds,
            ("compiled", () => iterations / Seconds(() => Infer.Pmmh(model, Selection.Of("q"), pmmh))),
            ("interpreted", () => iterations / Seconds(() => Infer.Pmmh(model, Selection.Of("q"), pmmh with { Interpreted = true }))));
    }

    private static void Gibbs(Model<Real> model, int particles, int rounds)
    {
        var gibbs = new ParticleGibbsOptions { Particles = particles, BurnIn = 0, Samples = 20, Seed = 4, MaxDegreeOfParallelism = 1 };
        int sweeps = gibbs.Samples + gibbs.BurnIn;
        Report("particle Gibbs sweeps per second", rounds,
            ("compiled", () => sweeps / Seconds(() => Infer.ParticleGibbs(model, gibbs))),
            ("interpreted", () => sweeps / Seconds(() => Infer.ParticleGibbs(model, gibbs with { Interpreted = true }))));
    }

    private static void Rmsmc(Model<Real> model, int particles, int rounds)
    {
        var o = new RmsmcOptions { Particles = particles, EssThreshold = 1.0, MoveSteps = 1, Seed = 5, MaxDegreeOfParallelism = 1 };
        var a = Infer.Rmsmc(model, o);
        var b = Infer.Rmsmc(model, o with { Interpreted = true });
        if (a.LogEvidence != b.LogEvidence || !a.Weights.SequenceEqual(b.Weights) || !a.Values.SequenceEqual(b.Values))
            throw new InvalidOperationException("particle-mcmc: the compiled and interpreted Rmsmc runs differ.");
        Report("resample-move SMC runs per second", rounds,
            ("compiled", () => 1 / Seconds(() => Infer.Rmsmc(model, o))),
            ("interpreted", () => 1 / Seconds(() => Infer.Rmsmc(model, o with { Interpreted = true }))));
    }

    private static double Seconds(Action run)
    {
        var sw = Stopwatch.StartNew();
        run();
        return sw.Elapsed.TotalSeconds;
    }

    private static void Report(string title, int rounds, (string Name, Func<double> Measure) a, (string Name, Func<double> Measure) b)
    {
        a.Measure(); // warm-up (JIT) of both sides
        b.Measure();
        var ra = new List<double>();
        var rb = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            ra.Add(a.Measure());
            rb.Add(b.Measure());
        }
        Console.WriteLine(title);
        Console.WriteLine($"  {a.Name,-12} min {ra.Min(),10:F1}  median {Median(ra),10:F1}");
        Console.WriteLine($"  {b.Name,-12} min {rb.Min(),10:F1}  median {Median(rb),10:F1}   compiled / interpreted (median) {Median(ra) / Median(rb):F2}×");
        var ratios = ra.Zip(rb, (x, y) => x / y).ToList();
        Console.WriteLine($"  {a.Name} / {b.Name} per round: min {ratios.Min():F2}×  median {Median(ratios):F2}×");
    }

    private static double Median(List<double> values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static string? OptionText(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}

/// <summary>The benchmark's model: a random walk with an unknown noise scale q, as a user writes it.</summary>
public static class NoisyWalkModel
{
    /// <summary>q ~ Gamma(2, 2); x_t ~ N(x_{t−1}, q) from x_{−1} = 0; y_t ~ N(x_t, 1); returns the last state.</summary>
    [Compiled]
    public static Model<Real> Model(double[] y) =>
        from q in Sample("q", Gamma(2, 2))
        from last in Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(prev, q))
            from _ in Observe(Normal(x, 1.0), y[t])
            select x)
        select last;

    /// <summary>y of a walk with step scale 0.7 and unit observation noise, from <paramref name="seed"/>.</summary>
    public static double[] Data(int steps, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[steps];
        double x = 0;
        for (int t = 0; t < steps; t++)
        {
            x += 0.7 * rng.NextGaussian();
            y[t] = x + rng.NextGaussian();
        }
        return y;
    }
}
