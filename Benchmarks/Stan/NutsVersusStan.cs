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
/// Bulk ESS is rank-based, hence the same on the unconstrained and constrained scales.
/// </summary>
public static class NutsVersusStan
{
    private sealed record RunResult(string Posterior, int Seed, double Seconds, long Gradients, double MinEssBulk, int Divergent);

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
        db ??= Path.Combine("..", "shared", "posteriordb");
        var posteriors = new (string Name, IDifferentiableDensity Density)[]
        {
            ("eight_schools-eight_schools_noncentered", EightSchools(db)),
            ("sblrc-blr", Sblrc(db)),
        };
        var ours = new List<RunResult>();
        foreach (var (name, density) in posteriors)
        {
            double micro = GradientMicroseconds(density);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours {0}: {1:F3} µs per gradient (tight loop)", name, micro));
            foreach (var seed in seeds)
            {
                var count = new StrongBox<long>(0);
                var target = new CountingDensity(density.ForThread(), count);
                var watch = Stopwatch.StartNew();
                var posterior = Infer.Nuts(target, new NutsOptions { Chains = 2, Warmup = 1000, Draws = 1000, Seed = (ulong)seed, MaxDegreeOfParallelism = 1 });
                watch.Stop();
                double minEss = posterior.Columns.Min(c => ConvergenceDiagnostics.EssBulk(posterior.Chain(c.Name)));
                var run = new RunResult(name, seed, watch.Elapsed.TotalSeconds, count.Value, minEss, posterior.SamplerDiagnostics.Divergences);
                ours.Add(run);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours {0} seed {1}: {2:F3} s, {3} gradients ({4:F3} µs each), min bulk ESS {5:F0}, {6:F0} min-ESS/s, {7} divergent",
                    name, seed, run.Seconds, run.Gradients, 1e6 * run.Seconds / run.Gradients, run.MinEssBulk, run.MinEssBulk / run.Seconds, run.Divergent));
            }
        }
        if (stanFile is null) return 0;
        var stan = JsonDocument.Parse(File.ReadAllText(stanFile)).RootElement.GetProperty("runs").EnumerateArray()
            .Select(r => new RunResult(r.GetProperty("posterior").GetString()!, r.GetProperty("seed").GetInt32(), r.GetProperty("seconds").GetDouble(),
                r.GetProperty("leapfrog").GetInt64(), r.GetProperty("min_ess_bulk").GetDouble(), r.GetProperty("divergent").GetInt32())).ToList();
        Console.WriteLine();
        Console.WriteLine("| posterior | min-ESS/s ours | min-ESS/s Stan | ratio | µs/gradient ours | µs/gradient Stan | ratio (ours/Stan) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, _) in posteriors)
        {
            var o = ours.Where(r => r.Posterior == name).ToList();
            var s = stan.Where(r => r.Posterior == name).ToList();
            if (s.Count == 0) continue;
            // Pooled over seeds: total ESS over total seconds, total seconds over total gradients.
            double essPerSecOurs = o.Sum(r => r.MinEssBulk) / o.Sum(r => r.Seconds), essPerSecStan = s.Sum(r => r.MinEssBulk) / s.Sum(r => r.Seconds);
            double gradOurs = 1e6 * o.Sum(r => r.Seconds) / o.Sum(r => r.Gradients), gradStan = 1e6 * s.Sum(r => r.Seconds) / s.Sum(r => r.Gradients);
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

    private static IDifferentiableDensity EightSchools(string db)
    {
        var data = Data(db, "eight_schools-eight_schools_noncentered");
        var y = data.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sigma = data.GetProperty("sigma").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return ModelDensity<Real[]>.Create(EightSchoolsModel.Model(y, sigma));
    }

    private static IDifferentiableDensity Sblrc(string db)
    {
        var data = Data(db, "sblrc-blr");
        var x = LinearRegressionModel.ToMatrix(data.GetProperty("X").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray());
        var y = data.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return ModelDensity<Real[]>.Create(LinearRegressionModel.Model(x, y, 10, new HalfNormal(10)));
    }
}
