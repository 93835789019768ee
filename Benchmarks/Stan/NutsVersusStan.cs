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
/// is sampled untimed with a fixed seed, again and again, until two consecutive rounds (identical trajectories) take
/// CPU times within 3% of each other (at least 3 rounds, at most 8; one round when it takes 20 CPU seconds or more), so that tiered compilation has promoted the hot
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
/// <para><b>Low rank.</b> Per seed a third run, the user's call with <see cref="MetricKind.LowRank"/> (nutpie's
/// low-rank-plus-diagonal adaptation, Seyboldt, Carlson &amp; Carpenter 2026) and otherwise the same options, timed the
/// same way; its min-ESS/s and ratio to Stan's (default diagonal) are the table's last columns (<c>--low-rank 0</c> skips it).</para>
/// <para><b>Saved results.</b> <c>--save FILE</c> writes our runs as JSON after each posterior; <c>--load FILE[,FILE…]</c>
/// prints the table from such files without sampling (for a Stan side that finished later, or ours run in parts).</para>
/// </remarks>
public static class NutsVersusStan
{
    /// <summary>One seed's runs of one posterior: the user's call (default metric), the density alone, and the low-rank metric.</summary>
    internal sealed record RunResult(string Posterior, int Seed, double Seconds, double Wall, long Gradients, double GradientSeconds, double MinEssBulk, int Divergent)
    {
        /// <summary>The min bulk ESS of the density-only run (over the unconstrained coordinates; bulk ESS is rank-based, so
        /// equal to the constrained one's for scalar parameters).</summary>
        public double DensityMinEssBulk { get; init; } = MinEssBulk;

        /// <summary>The largest split R-hat over the parameters (a stuck chain shows here).</summary>
        public double MaxRhat { get; init; } = double.NaN;

        /// <summary>Transitions that hit the maximum tree depth, per chain (sampling only).</summary>
        public int[] TreeDepthHits { get; init; } = [];

        /// <summary>The adapted step size per chain.</summary>
        public double[] StepSizes { get; init; } = [];

        /// <summary>The low-rank metric run's CPU seconds (NaN when not run).</summary>
        public double LowRankSeconds { get; init; } = double.NaN;

        /// <summary>The low-rank metric run's wall seconds.</summary>
        public double LowRankWall { get; init; } = double.NaN;

        /// <summary>The low-rank metric run's min bulk ESS.</summary>
        public double LowRankMinEssBulk { get; init; } = double.NaN;

        /// <summary>The low-rank metric run's divergent transitions.</summary>
        public int LowRankDivergent { get; init; }

        /// <summary>The low-rank metric run's largest split R-hat.</summary>
        public double LowRankMaxRhat { get; init; } = double.NaN;

        /// <summary>The low-rank metric run's adapted step size per chain.</summary>
        public double[] LowRankStepSizes { get; init; } = [];
    }

    /// <summary>What <c>--save</c> writes and <c>--load</c> reads: our runs and tight-loop gradient times.</summary>
    internal sealed record Saved(List<RunResult> Runs, Dictionary<string, double> Tight);

    private static readonly JsonSerializerOptions SaveOptions = new()
    {
        WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

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

    private static double MaxRhat(Posterior posterior, IEnumerable<string> parameters) =>
        parameters.Max(c => ConvergenceDiagnostics.Rhat(posterior.Chain(c)));

    private static string Fmt(double x, string format = "F3") => x.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Runs the comparison; arguments: <c>--stan FILE --posteriordb DIR --seeds 1,2,3 --posteriors a,b --low-rank 0|1 --save FILE --load FILE</c>.</summary>
    public static int Run(string[] args)
    {
        string? stanFile = null, db = null, saveFile = null, loadFile = null;
        var seeds = new[] { 1, 2, 3 };
        string[]? only = null;
        bool lowRank = true;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--stan": stanFile = args[i + 1]; break;
                case "--posteriordb": db = args[i + 1]; break;
                case "--seeds": seeds = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--posteriors": only = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--low-rank": lowRank = args[i + 1] != "0"; break;
                case "--save": saveFile = args[i + 1]; break;
                case "--load": loadFile = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        db ??= Path.Combine(AppContext.BaseDirectory, "data", "posteriordb");
        var panel = only is null ? PosteriorDbPanel.Posteriors : only.Select(PosteriorDbPanel.Find).ToList();
        Saved saved;
        if (loadFile is not null)
        {
            saved = new Saved([], []);
            foreach (var file in loadFile.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var part = JsonSerializer.Deserialize<Saved>(File.ReadAllText(file), SaveOptions)
                    ?? throw new InvalidDataException($"nuts-vs-stan: {file} holds no saved runs");
                saved.Runs.AddRange(part.Runs.Where(r => seeds.Contains(r.Seed)));
                foreach (var (name, us) in part.Tight) saved.Tight[name] = us;
            }
        }
        else
        {
            saved = new Saved([], []);
            RunOurs(panel, db, seeds, lowRank, saved, saveFile);
        }
        if (stanFile is null) return 0;
        PrintTable(panel, seeds, saved, stanFile);
        return 0;
    }

    private static void RunOurs(IReadOnlyList<PosteriorDbEntry> panel, string db, int[] seeds, bool lowRank, Saved saved, string? saveFile)
    {
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours: .NET {0}, TieredCompilation={1}, TieredPGO={2}; low-rank column {3}",
            Environment.Version, Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "default", Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "default", lowRank ? "on" : "off"));
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
            NutsOptions LowRankOptions(ulong seed) => Options(seed) with { Metric = MetricKind.LowRank };

            // Every timed kind of run (the user's call, the density alone, the low-rank metric) is in each warm-up round.
            var warmup = new List<double>();
            for (int k = 0; k < 8; k++)
            {
                double start = CpuSeconds();
                Infer.Nuts(model, options: Options(999));
                Infer.Nuts(new CountingDensity(density.ForThread(), new long[1]), Options(999));
                if (lowRank) Infer.Nuts(model, options: LowRankOptions(999));
                warmup.Add(CpuSeconds() - start);
                if (k >= 2 && Math.Abs(warmup[k] - warmup[k - 1]) <= 0.03 * warmup[k - 1]) break;
                // A round of 20 CPU seconds or more runs its hot loops for many seconds after tiered compilation's promotion
                // (within the first second or so): one such round is warm-up enough, and three would take minutes.
                if (warmup[k] >= 20) break;
            }
            double tight = GradientMicroseconds(density);
            saved.Tight[name] = tight;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours {0}: adapt_delta {1}, max_treedepth {2}; JIT warm-up rounds (CPU s): {3}; {4:F3} µs per gradient (tight loop, CPU)",
                name, adaptDelta, maxTreeDepth, string.Join(", ", warmup.Select(w => Fmt(w))), tight));
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
                var diagnostics = posterior.SamplerDiagnostics;
                var run = new RunResult(name, seed, seconds, wall.Elapsed.TotalSeconds, count[0], gradientSeconds, minEss, diagnostics.Divergences)
                {
                    DensityMinEssBulk = bare.Columns.Min(c => ConvergenceDiagnostics.EssBulk(bare.Chain(c.Name))),
                    MaxRhat = MaxRhat(posterior, parameters),
                    TreeDepthHits = [.. diagnostics.MaxTreeDepthHitsPerChain],
                    StepSizes = [.. diagnostics.StepSizes],
                };
                if (lowRank)
                {
                    var lowWall = Stopwatch.StartNew();
                    double lowStart = CpuSeconds();
                    var low = Infer.Nuts(model, options: LowRankOptions((ulong)seed));
                    double lowSeconds = CpuSeconds() - lowStart;
                    lowWall.Stop();
                    run = run with
                    {
                        LowRankSeconds = lowSeconds, LowRankWall = lowWall.Elapsed.TotalSeconds,
                        LowRankMinEssBulk = parameters.Min(c => ConvergenceDiagnostics.EssBulk(low.Chain(c))),
                        LowRankDivergent = low.SamplerDiagnostics.Divergences, LowRankMaxRhat = MaxRhat(low, parameters),
                        LowRankStepSizes = [.. low.SamplerDiagnostics.StepSizes],
                    };
                }
                saved.Runs.Add(run);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "ours {0} seed {1}: {2:F3} CPU s ({3:F3} wall), min bulk ESS {4:F0}, {5:F0} min-ESS per CPU s, {6} divergent, max R-hat {12:F3}, step sizes {13}, max-tree-depth hits {14}; density only: {7} gradients in {8:F3} CPU s ({9:F3} µs each in the sampler), min bulk ESS {10:F0}, {11:F0} min-ESS per CPU s",
                    name, seed, run.Seconds, run.Wall, run.MinEssBulk, run.MinEssBulk / run.Seconds, run.Divergent, run.Gradients, run.GradientSeconds, 1e6 * run.GradientSeconds / run.Gradients,
                    run.DensityMinEssBulk, run.DensityMinEssBulk / run.GradientSeconds, run.MaxRhat,
                    string.Join("/", run.StepSizes.Select(x => Fmt(x, "G3"))), string.Join("/", run.TreeDepthHits)));
                if (lowRank)
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                        "ours {0} seed {1} low rank: {2:F3} CPU s ({3:F3} wall), min bulk ESS {4:F0}, {5:F0} min-ESS per CPU s, {6} divergent, max R-hat {7:F3}, step sizes {8}",
                        name, seed, run.LowRankSeconds, run.LowRankWall, run.LowRankMinEssBulk, run.LowRankMinEssBulk / run.LowRankSeconds, run.LowRankDivergent, run.LowRankMaxRhat,
                        string.Join("/", run.LowRankStepSizes.Select(x => Fmt(x, "G3")))));
            }
            if (saveFile is not null) File.WriteAllText(saveFile, JsonSerializer.Serialize(saved, SaveOptions));
        }
    }

    private static void PrintTable(IReadOnlyList<PosteriorDbEntry> panel, int[] seeds, Saved saved, string stanFile)
    {
        var stanRoot = JsonDocument.Parse(File.ReadAllText(stanFile)).RootElement;
        var stan = stanRoot.GetProperty("runs").EnumerateArray()
            .Select(r => new RunResult(r.GetProperty("posterior").GetString()!, r.GetProperty("seed").GetInt32(), r.GetProperty("seconds").GetDouble(),
                r.GetProperty("wall").GetDouble(), r.GetProperty("leapfrog").GetInt64(), r.GetProperty("seconds").GetDouble(),
                r.GetProperty("min_ess_bulk").GetDouble(), r.GetProperty("divergent").GetInt32()))
            .Where(r => seeds.Contains(r.Seed)).ToList();
        var stanTight = stanRoot.TryGetProperty("gradients", out var g)
            ? g.EnumerateArray().ToDictionary(e => e.GetProperty("posterior").GetString()!, e => e.GetProperty("gradient_us").GetDouble())
            : [];
        var ours = saved.Runs;
        var tight = saved.Tight;
        Console.WriteLine();
        Console.WriteLine($"Stan {stanRoot.GetProperty("stan_version").GetString()}; {seeds.Length} seeds ({string.Join(",", seeds)}), 2 chains × (1,000 warmup + 1,000 draws), chains sequential; CPU seconds on both sides.");
        Console.WriteLine("min-ESS/s: median over seeds [min]; ratio = ours/Stan of the medians (also the min over seeds of the per-seed ratio).");
        Console.WriteLine("µs/gradient: tight loop (Stan: grad_log_prob less an empty module call) and in the sampler (CPU s / gradients, median over seeds); ratio = ours/Stan.");
        Console.WriteLine();
        Console.WriteLine("min-ESS/s ours (density): the same seed through the model's density alone (no discovery, compilation or generated quantities), as a second figure.");
        Console.WriteLine("min-ESS/s ours low-rank: the user's call with MetricKind.LowRank (nutpie's low-rank-plus-diagonal adaptation), same seeds; ratio to Stan's default (diagonal) metric.");
        Console.WriteLine();
        Console.WriteLine("| posterior | min-ESS/s ours | min-ESS/s Stan | ratio (median; min) | min-ESS/s ours (density) | ratio | µs/grad tight ours | Stan | ratio | µs/grad sampler ours | Stan | ratio | wall s ours / Stan (median) | min-ESS/s ours low-rank | ratio (median; min) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var defaultRatios = new List<double>();
        var lowRankRatios = new List<double>();
        var tightRatios = new List<double>();
        var diagnostics = new List<string>();
        foreach (var entry in panel)
        {
            var o = ours.Where(r => r.Posterior == entry.Name).OrderBy(r => r.Seed).ToList();
            var s = stan.Where(r => r.Posterior == entry.Name).OrderBy(r => r.Seed).ToList();
            if (s.Count == 0 || o.Count == 0) continue;
            var essOurs = o.Select(r => r.MinEssBulk / r.Seconds).ToList();
            var essStan = s.Select(r => r.MinEssBulk / r.Seconds).ToList();
            var essLow = o.Select(r => r.LowRankMinEssBulk / r.LowRankSeconds).ToList();
            double essDensity = Median(o.Select(r => r.DensityMinEssBulk / r.GradientSeconds));
            var perSeed = o.Join(s, r => r.Seed, r => r.Seed, (a, b) => a.MinEssBulk / a.Seconds / (b.MinEssBulk / b.Seconds)).ToList();
            var perSeedLow = o.Join(s, r => r.Seed, r => r.Seed, (a, b) => a.LowRankMinEssBulk / a.LowRankSeconds / (b.MinEssBulk / b.Seconds)).ToList();
            double samplerOurs = Median(o.Select(r => 1e6 * r.GradientSeconds / r.Gradients)), samplerStan = Median(s.Select(r => 1e6 * r.Seconds / r.Gradients));
            double tightOurs = tight.TryGetValue(entry.Name, out var to) ? to : double.NaN;
            double tightStan = stanTight.TryGetValue(entry.Name, out var t) ? t : double.NaN;
            double ratio = Median(essOurs) / Median(essStan), lowRatio = Median(essLow) / Median(essStan);
            defaultRatios.Add(ratio);
            if (!double.IsNaN(lowRatio)) lowRankRatios.Add(lowRatio);
            if (!double.IsNaN(tightOurs / tightStan)) tightRatios.Add(tightOurs / tightStan);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "| {0} | {1:F0} [{2:F0}] | {3:F0} [{4:F0}] | {5:F2}; {6:F2} | {15:F0} | {16:F2} | {7:F2} | {8:F2} | {9:F2} | {10:F2} | {11:F2} | {12:F2} | {13:F2} / {14:F2} | {17:F0} [{18:F0}] | {19:F2}; {20:F2} |",
                entry.Name, Median(essOurs), essOurs.Min(), Median(essStan), essStan.Min(), ratio, perSeed.DefaultIfEmpty(double.NaN).Min(),
                tightOurs, tightStan, tightOurs / tightStan, samplerOurs, samplerStan, samplerOurs / samplerStan,
                Median(o.Select(r => r.Wall)), Median(s.Select(r => r.Wall)), essDensity, essDensity / Median(essStan),
                Median(essLow), essLow.DefaultIfEmpty(double.NaN).Min(), lowRatio, perSeedLow.DefaultIfEmpty(double.NaN).Min()));
            diagnostics.Add(string.Format(CultureInfo.InvariantCulture,
                "| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} |",
                entry.Name, string.Join(", ", o.Select(r => r.Divergent)), string.Join(", ", s.Select(r => r.Divergent)), string.Join(", ", o.Select(r => r.LowRankDivergent)),
                string.Join(", ", o.Select(r => Fmt(r.MaxRhat))), string.Join(", ", o.Select(r => Fmt(r.LowRankMaxRhat))),
                string.Join(", ", o.Select(r => Fmt(r.Gradients / (double)s.Where(x => x.Seed == r.Seed).Select(x => x.Gradients).DefaultIfEmpty(0).First(), "F2"))),
                string.Join(", ", o.Select(r => Fmt(r.MinEssBulk / s.Where(x => x.Seed == r.Seed).Select(x => x.MinEssBulk).DefaultIfEmpty(double.NaN).First(), "F2")))));
        }
        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "default (diagonal) metric: median ours/Stan min-ESS/s {0:F2}× over {1} posteriors; {2} below 1.0×",
            Median(defaultRatios), defaultRatios.Count, defaultRatios.Count(r => r < 1)));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "low-rank metric: median ours/Stan min-ESS/s {0:F2}× over {1} posteriors; {2} below 1.0×",
            Median(lowRankRatios), lowRankRatios.Count, lowRankRatios.Count(r => r < 1)));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "gradient cost (tight loop, ours/Stan): median {0:F2}×, max {1:F2}× over {2} posteriors",
            Median(tightRatios), tightRatios.DefaultIfEmpty(double.NaN).Max(), tightRatios.Count));
        Console.WriteLine();
        Console.WriteLine("Per seed: divergent transitions after warmup, our max split R-hat over the parameters, and our density-only run's gradients and min bulk ESS over Stan's (ESS per gradient = the second over the first).");
        Console.WriteLine();
        Console.WriteLine("| posterior | divergent ours | Stan | ours low-rank | max R-hat ours | ours low-rank | gradients ours/Stan | min bulk ESS ours/Stan |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var line in diagnostics) Console.WriteLine(line);
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
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
