using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Probabilistic.Examples.Gallery.PosteriorDb;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Benchmarks.Stan;

/// <summary>
/// Our side of <c>Benchmarks/Stan/run.sh</c>: the posteriordb panel (<see cref="PosteriorDbPanel"/>, twelve posteriors)
/// with the same chains, warmup, draws, seeds and per-posterior <c>adapt_delta</c>/<c>max_treedepth</c> as the Stan
/// script, then a table of min bulk ESS per CPU second and microseconds per gradient, with ratios to Stan.
/// </summary>
/// <remarks>
/// <para><b>Clock.</b> Stan 2.21's <c>get_elapsed_time</c> is measured with C's <c>clock()</c>: process CPU seconds.
/// Ours is timed the same way, by the process's CPU time (<see cref="Process.TotalProcessorTime"/>: every thread,
/// the JIT's and the GC's included), with the wall time printed beside it. Chains run one after the other on both
/// sides (ours with <c>MaxDegreeOfParallelism = 1</c>, Stan's with <c>cores = 1</c>).</para>
/// <para><b>Warm-up.</b> Stan's compilation is excluded, and so is ours, the JIT's: before any timed run each posterior
/// is sampled untimed with a fixed seed, again and again, until two consecutive runs (identical trajectories) take
/// CPU times within 3% of each other (at least 3 runs, at most 8), so that tiered compilation has promoted the hot
/// methods to tier 1 with dynamic PGO before timing; the warm-up times are printed. A single warm-up run was not
/// enough on a loaded 2-core machine: the background tier-1 compiler had not caught up and eight schools' ratio read
/// 1.07 instead of about 3.</para>
/// <para><b>Per run.</b> min-ESS/s is the minimum bulk ESS over the model's parameters (the continuous choices, as
/// Stan's parameters block; garch's β₁ is its unit-interval coordinate <c>beta1_unit</c> here) over the CPU seconds of
/// the user's call <c>Infer.Nuts(model)</c> (structure discovery, tape compilation and generated quantities included,
/// as Stan's sampling time includes its generated quantities). µs per gradient in the sampler is a second run with the
/// same seed through the model's density, whose gradient evaluations are counted (Stan's: CPU seconds over leapfrog
/// steps). µs per gradient in a tight loop is one evaluation point, repeated for a second of CPU time (Stan's:
/// <c>grad_log_prob</c> in R, less the cost of an empty call into the same module).</para>
/// </remarks>
public static class NutsVersusStan
{
    private sealed record RunResult(string Posterior, int Seed, double Seconds, double Wall, long Gradients, double GradientSeconds, double MinEssBulk, int Divergent)
    {
        /// <summary>The min bulk ESS of the density-only run (over the unconstrained coordinates; bulk ESS is rank-based, so
        /// equal to the constrained one's for scalar parameters).</summary>
        public double DensityMinEssBulk { get; init; } = MinEssBulk;
    }

    /// <summary>Counts gradient evaluations across all threads' evaluators.</summary>
    private sealed class CountingDensity(IDifferentiableDensity inner, long[] count) : IDifferentiableDensity
    {
        public int Dimension => inner.Dimension;

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            Interlocked.Increment(ref count[0]);
            return inner.LogDensityGradient(theta, gradient);
        }

        public IDifferentiableDensity ForThread() => new CountingDensity(inner.ForThread(), count);
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Runs the comparison; arguments: <c>--stan FILE --posteriordb DIR --seeds 1,2,3 --posteriors a,b</c>.</summary>
    public static int Run(string[] args)
    {
        string? stanFile = null, db = null;
        var seeds = new[] { 1, 2, 3 };
        string[]? only = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--stan": stanFile = args[i + 1]; break;
                case "--posteriordb": db = args[i + 1]; break;
                case "--seeds": seeds = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--posteriors": only = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        db ??= Path.Combine(AppContext.BaseDirectory, "data", "posteriordb");
        var panel = only is null ? PosteriorDbPanel.Posteriors : only.Select(PosteriorDbPanel.Find).ToList();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours: .NET {0}, TieredCompilation={1}, TieredPGO={2}",
            Environment.Version, Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "default", Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "default"));
        var ours = new List<RunResult>();
        var tight = new Dictionary<string, double>();
        foreach (var entry in panel)
        {
            string name = entry.Name;
            var model = entry.Build(PosteriorDbData.Load(db, name));
            var density = ModelDensity<Real[]>.Create(model, seed: 1);
            var parameters = density.ColumnNames();
            var control = JsonDocument.Parse(File.ReadAllText(Path.Combine(db, name, "reference_info.json"))).RootElement
                .GetProperty("inference").GetProperty("method_arguments").GetProperty("control");
            double adaptDelta = control.GetProperty("adapt_delta").GetDouble();
            int maxTreeDepth = control.TryGetProperty("max_treedepth", out var depth) ? depth.GetInt32() : 10;
            NutsOptions Options(ulong seed) => new()
            {
                Chains = 2, Warmup = 1000, Draws = 1000, Seed = seed, MaxDegreeOfParallelism = 1,
                TargetAcceptance = adaptDelta, MaxTreeDepth = maxTreeDepth,
            };

            var warmup = new List<double>();
            for (int k = 0; k < 8; k++)
            {
                double start = CpuSeconds();
                Infer.Nuts(model, options: Options(999));
                Infer.Nuts(new CountingDensity(density.ForThread(), new long[1]), Options(999));
                warmup.Add(CpuSeconds() - start);
                if (k >= 2 && Math.Abs(warmup[k] - warmup[k - 1]) <= 0.03 * warmup[k - 1]) break;
            }
            tight[name] = GradientMicroseconds(density);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours {0}: adapt_delta {1}, max_treedepth {2}; JIT warm-up runs (CPU s): {3}; {4:F3} µs per gradient (tight loop, CPU)",
                name, adaptDelta, maxTreeDepth, string.Join(", ", warmup.Select(w => w.ToString("F3", CultureInfo.InvariantCulture))), tight[name]));
            foreach (var seed in seeds)
            {
                var wall = Stopwatch.StartNew();
                double start = CpuSeconds();
                var posterior = Infer.Nuts(model, options: Options((ulong)seed));
                double seconds = CpuSeconds() - start;
                wall.Stop();
                double minEss = parameters.Min(c => ConvergenceDiagnostics.EssBulk(posterior.Chain(c)));
                var count = new long[1];
                double gradientStart = CpuSeconds();
                var bare = Infer.Nuts(new CountingDensity(density.ForThread(), count), Options((ulong)seed));
                double gradientSeconds = CpuSeconds() - gradientStart;
                var run = new RunResult(name, seed, seconds, wall.Elapsed.TotalSeconds, count[0], gradientSeconds, minEss, posterior.SamplerDiagnostics.Divergences)
                {
                    DensityMinEssBulk = bare.Columns.Min(c => ConvergenceDiagnostics.EssBulk(bare.Chain(c.Name))),
                };
                ours.Add(run);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "ours {0} seed {1}: {2:F3} CPU s ({3:F3} wall), min bulk ESS {4:F0}, {5:F0} min-ESS per CPU s, {6} divergent; density only: {7} gradients in {8:F3} CPU s ({9:F3} µs each in the sampler), min bulk ESS {10:F0}, {11:F0} min-ESS per CPU s",
                    name, seed, run.Seconds, run.Wall, run.MinEssBulk, run.MinEssBulk / run.Seconds, run.Divergent, run.Gradients, run.GradientSeconds, 1e6 * run.GradientSeconds / run.Gradients,
                    run.DensityMinEssBulk, run.DensityMinEssBulk / run.GradientSeconds));
            }
        }
        if (stanFile is null) return 0;
        var stanRoot = JsonDocument.Parse(File.ReadAllText(stanFile)).RootElement;
        var stan = stanRoot.GetProperty("runs").EnumerateArray()
            .Select(r => new RunResult(r.GetProperty("posterior").GetString()!, r.GetProperty("seed").GetInt32(), r.GetProperty("seconds").GetDouble(),
                r.GetProperty("wall").GetDouble(), r.GetProperty("leapfrog").GetInt64(), r.GetProperty("seconds").GetDouble(),
                r.GetProperty("min_ess_bulk").GetDouble(), r.GetProperty("divergent").GetInt32())).ToList();
        var stanTight = stanRoot.TryGetProperty("gradients", out var g)
            ? g.EnumerateArray().ToDictionary(e => e.GetProperty("posterior").GetString()!, e => e.GetProperty("gradient_us").GetDouble())
            : [];
        Console.WriteLine();
        Console.WriteLine($"Stan {stanRoot.GetProperty("stan_version").GetString()}; {seeds.Length} seeds ({string.Join(",", seeds)}), 2 chains × (1,000 warmup + 1,000 draws), chains sequential; CPU seconds on both sides.");
        Console.WriteLine("min-ESS/s: median over seeds [min]; ratio = ours/Stan of the medians (also the min over seeds of the per-seed ratio).");
        Console.WriteLine("µs/gradient: tight loop (Stan: grad_log_prob less an empty module call) and in the sampler (CPU s / gradients, median over seeds); ratio = ours/Stan.");
        Console.WriteLine();
        Console.WriteLine("min-ESS/s ours (density): the same seed through the model's density alone (no discovery, compilation or generated quantities), as a second figure.");
        Console.WriteLine();
        Console.WriteLine("| posterior | min-ESS/s ours | min-ESS/s Stan | ratio (median; min) | min-ESS/s ours (density) | ratio | µs/grad tight ours | Stan | ratio | µs/grad sampler ours | Stan | ratio | wall s ours / Stan (median) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var entry in panel)
        {
            var o = ours.Where(r => r.Posterior == entry.Name).OrderBy(r => r.Seed).ToList();
            var s = stan.Where(r => r.Posterior == entry.Name).OrderBy(r => r.Seed).ToList();
            if (s.Count == 0) continue;
            var essOurs = o.Select(r => r.MinEssBulk / r.Seconds).ToList();
            var essStan = s.Select(r => r.MinEssBulk / r.Seconds).ToList();
            double essDensity = Median(o.Select(r => r.DensityMinEssBulk / r.GradientSeconds));
            var perSeed = o.Join(s, r => r.Seed, r => r.Seed, (a, b) => a.MinEssBulk / a.Seconds / (b.MinEssBulk / b.Seconds)).ToList();
            double samplerOurs = Median(o.Select(r => 1e6 * r.GradientSeconds / r.Gradients)), samplerStan = Median(s.Select(r => 1e6 * r.Seconds / r.Gradients));
            double tightStan = stanTight.TryGetValue(entry.Name, out var t) ? t : double.NaN;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "| {0} | {1:F0} [{2:F0}] | {3:F0} [{4:F0}] | {5:F2}; {6:F2} | {15:F0} | {16:F2} | {7:F2} | {8:F2} | {9:F2} | {10:F2} | {11:F2} | {12:F2} | {13:F2} / {14:F2} |",
                entry.Name, Median(essOurs), essOurs.Min(), Median(essStan), essStan.Min(), Median(essOurs) / Median(essStan), perSeed.DefaultIfEmpty(double.NaN).Min(),
                tight[entry.Name], tightStan, tight[entry.Name] / tightStan, samplerOurs, samplerStan, samplerOurs / samplerStan,
                Median(o.Select(r => r.Wall)), Median(s.Select(r => r.Wall)), essDensity, essDensity / Median(essStan)));
        }
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    /// <summary>CPU microseconds per gradient at one point, over at least a second of CPU time after 20,000 untimed calls.</summary>
    private static double GradientMicroseconds(IDifferentiableDensity density)
    {
        var d = density.ForThread();
        var theta = new double[d.Dimension];
        var gradient = new double[d.Dimension];
        var rng = new Rng(1);
        for (int i = 0; i < theta.Length; i++) theta[i] = rng.NextDouble() - 0.5;
        for (int i = 0; i < 20_000; i++) d.LogDensityGradient(theta, gradient);
        long n = 0;
        double start = CpuSeconds();
        while (CpuSeconds() - start < 1)
        {
            for (int i = 0; i < 1000; i++) d.LogDensityGradient(theta, gradient);
            n += 1000;
        }
        return 1e6 * (CpuSeconds() - start) / n;
    }
}
