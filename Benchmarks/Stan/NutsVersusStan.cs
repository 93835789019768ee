using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Benchmarks.Stan;

/// <summary>
/// Our side of <c>Benchmarks/Stan/run.sh</c>: the same posteriors, chains, warmup, draws and seeds as the Stan
/// script, then a table of min bulk ESS per second of sampling and microseconds per gradient, with ratios to Stan.
/// Chains run one after the other (as Stan's with <c>cores = 1</c>), so seconds are summed chain time on both sides.
/// Stan's compilation is excluded; ours (the JIT's) likewise: one untimed run of each posterior comes first.
/// Min-ESS/s is timed through the user's call, <c>Infer.Nuts(model)</c> (structure discovery, tape compilation and
/// the constrained draws included); µs per gradient is timed on a second run through the model's density, whose
/// gradient evaluations are counted (Stan's side divides by its leapfrog steps).
/// </summary>
public static class NutsVersusStan
{
    private sealed record RunResult(string Posterior, int Seed, double Seconds, long Gradients, double MinEssBulk, int Divergent)
    {
        /// <summary>Seconds of the run whose gradients were counted (Stan: the same run as <see cref="Seconds"/>).</summary>
        public double GradientSeconds { get; init; } = Seconds;
    }

    private static NutsOptions Options(ulong seed) => new() { Chains = 2, Warmup = 1000, Draws = 1000, Seed = seed, MaxDegreeOfParallelism = 1 };

    /// <summary>Counts gradient evaluations across all threads' evaluators.</summary>
    private sealed class CountingDensity(IDifferentiableDensity inner, StrongBox<long> count) : IDifferentiableDensity
    {
        public int Dimension => inner.Dimension;

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            Interlocked.Increment(ref count.Value);
            return inner.LogDensityGradient(theta, gradient);
        }

        public IDifferentiableDensity ForThread() => new CountingDensity(inner.ForThread(), count);
    }

    private sealed class StrongBox<T>(T value)
    {
        public T Value = value;
    }

    /// <summary>Runs the comparison; arguments: <c>--stan FILE --posteriordb DIR --seeds 1,2,3</c>.</summary>
    public static int Run(string[] args)
    {
        string? stanFile = null, db = null;
        var seeds = new[] { 1, 2, 3 };
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--stan": stanFile = args[i + 1]; break;
                case "--posteriordb": db = args[i + 1]; break;
                case "--seeds": seeds = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        db ??= Path.Combine(AppContext.BaseDirectory, "data", "posteriordb");
        var posteriors = new (string Name, IDifferentiableDensity Density, Func<ulong, Posterior> Sample)[]
        {
            ("eight_schools-eight_schools_noncentered", EightSchools(db, out var eightSchools), seed => Infer.Nuts(eightSchools, options: Options(seed))),
            ("sblrc-blr", Sblrc(db, out var sblrc), seed => Infer.Nuts(sblrc, options: Options(seed))),
        };
        var ours = new List<RunResult>();
        foreach (var (name, density, sample) in posteriors)
        {
            sample(999); // JIT warm-up, untimed (as Stan's compilation is)
            Infer.Nuts(density, Options(999));
            double micro = GradientMicroseconds(density);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours {0}: {1:F3} µs per gradient (tight loop)", name, micro));
            foreach (var seed in seeds)
            {
                var watch = Stopwatch.StartNew();
                var posterior = sample((ulong)seed);
                watch.Stop();
                double minEss = posterior.Columns.Min(c => ConvergenceDiagnostics.EssBulk(posterior.Chain(c.Name)));
                var count = new StrongBox<long>(0);
                var target = new CountingDensity(density.ForThread(), count);
                var gradientWatch = Stopwatch.StartNew();
                Infer.Nuts(target, Options((ulong)seed));
                gradientWatch.Stop();
                var run = new RunResult(name, seed, watch.Elapsed.TotalSeconds, count.Value, minEss, posterior.SamplerDiagnostics.Divergences)
                {
                    GradientSeconds = gradientWatch.Elapsed.TotalSeconds,
                };
                ours.Add(run);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours {0} seed {1}: {2:F3} s, min bulk ESS {3:F0}, {4:F0} min-ESS/s, {5} divergent; {6} gradients in {7:F3} s ({8:F3} µs each)",
                    name, seed, run.Seconds, run.MinEssBulk, run.MinEssBulk / run.Seconds, run.Divergent, run.Gradients, run.GradientSeconds, 1e6 * run.GradientSeconds / run.Gradients));
            }
        }
        if (stanFile is null) return 0;
        var stan = JsonDocument.Parse(File.ReadAllText(stanFile)).RootElement.GetProperty("runs").EnumerateArray()
            .Select(r => new RunResult(r.GetProperty("posterior").GetString()!, r.GetProperty("seed").GetInt32(), r.GetProperty("seconds").GetDouble(),
                r.GetProperty("leapfrog").GetInt64(), r.GetProperty("min_ess_bulk").GetDouble(), r.GetProperty("divergent").GetInt32())).ToList();
        Console.WriteLine();
        Console.WriteLine("| posterior | min-ESS/s ours | min-ESS/s Stan | ratio | µs/gradient ours | µs/gradient Stan | ratio (ours/Stan) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, _, _) in posteriors)
        {
            var o = ours.Where(r => r.Posterior == name).ToList();
            var s = stan.Where(r => r.Posterior == name).ToList();
            if (s.Count == 0) continue;
            // Pooled over seeds: total ESS over total seconds, total seconds over total gradients.
            double essPerSecOurs = o.Sum(r => r.MinEssBulk) / o.Sum(r => r.Seconds), essPerSecStan = s.Sum(r => r.MinEssBulk) / s.Sum(r => r.Seconds);
            double gradOurs = 1e6 * o.Sum(r => r.GradientSeconds) / o.Sum(r => r.Gradients), gradStan = 1e6 * s.Sum(r => r.Seconds) / s.Sum(r => r.Gradients);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F0} | {2:F0} | {3:F2} | {4:F3} | {5:F3} | {6:F2} |",
                name, essPerSecOurs, essPerSecStan, essPerSecOurs / essPerSecStan, gradOurs, gradStan, gradOurs / gradStan));
        }
        return 0;
    }

    private static double GradientMicroseconds(IDifferentiableDensity density)
    {
        var d = density.ForThread();
        var theta = new double[d.Dimension];
        var g = new double[d.Dimension];
        var rng = new Rng(1);
        for (int i = 0; i < theta.Length; i++) theta[i] = rng.NextDouble() - 0.5;
        for (int i = 0; i < 20_000; i++) d.LogDensityGradient(theta, g);
        int n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 1000)
        {
            for (int i = 0; i < 1000; i++) d.LogDensityGradient(theta, g);
            n += 1000;
        }
        return 1e6 * watch.Elapsed.TotalSeconds / n;
    }

    private static JsonElement Data(string db, string posterior) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(db, posterior, "data.json"))).RootElement;

    private static IDifferentiableDensity EightSchools(string db, out Model<Real[]> model)
    {
        var data = Data(db, "eight_schools-eight_schools_noncentered");
        var y = data.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sigma = data.GetProperty("sigma").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        model = EightSchoolsModel.Model(y, sigma);
        return ModelDensity<Real[]>.Create(model);
    }

    private static IDifferentiableDensity Sblrc(string db, out Model<Real[]> model)
    {
        var data = Data(db, "sblrc-blr");
        var x = LinearRegressionModel.ToMatrix(data.GetProperty("X").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray());
        var y = data.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        model = LinearRegressionModel.Model(x, y, 10, new HalfNormal(10));
        return ModelDensity<Real[]>.Create(model);
    }
}
