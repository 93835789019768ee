using System.Collections.Concurrent;
using System.Diagnostics;
using Probabilistic.Distributed;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;

namespace Probabilistic.Benchmarks.Cluster;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- cluster-overhead [--repeats N] [--segment S] [--no-diagnostics]</c>: eight schools with
/// 8 chains × (1,000 warmup + 1,000 draws), single-machine <c>Infer.Nuts</c> (A) against <c>Cluster.Nuts</c> on 3
/// in-process silos (B, chain grains checkpointing every S = 200 iterations to in-process grain storage, the coordinator
/// computing R-hat/ESS each round, the posterior with generated quantities assembled on the client), interleaved
/// A B A B, wall time; the ratio B/A per pair (min and median; target ≤ 1.10). Then the checkpoint's size and time per
/// segment, and the time to resume a chain: from its bytes in process, and on the cluster after a silo is stopped.
/// </summary>
public static class ClusterOverhead
{
    private const string Name = "eight-schools";
    private static readonly Model<Real[]> Model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);

    public static int Run(string[] args)
    {
        int repeats = Option(args, "--repeats", 3), segment = Option(args, "--segment", 200);
        return RunAsync(repeats, segment, diagnostics: !args.Contains("--no-diagnostics")).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int repeats, int segment, bool diagnostics)
    {
        var options = new NutsOptions { Chains = 8, Warmup = 1000, Draws = 1000, Seed = 11 };
        var clock = Stopwatch.StartNew();
        await using var cluster = await LocalCluster.StartAsync(3, c => c.Add(Name, Model));
        Console.WriteLine($"3 silos on loopback started in {clock.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores");
        var run = new ClusterRunOptions { SegmentIterations = segment, Diagnostics = diagnostics };

        // JIT and first activations on both sides.
        var small = options with { Warmup = 100, Draws = 100 };
        Infer.Nuts(Model, options: small);
        await Distributed.Cluster.Nuts(cluster.Client, Name, small, run);

        var a = new List<double>();
        var b = new List<double>();
        var segments = new ConcurrentQueue<ChainSegment>();
        for (int r = 0; r < repeats; r++)
        {
            clock.Restart();
            var single = Infer.Nuts(Model, options: options);
            a.Add(clock.Elapsed.TotalSeconds);
            var reports = new ConcurrentQueue<ClusterProgress>();
            var marks = new ConcurrentQueue<double>();
            clock.Restart();
            var distributed = await Distributed.Cluster.Nuts(cluster.Client, Name, options, run, new Collector(reports, _ => marks.Enqueue(clock.Elapsed.TotalMilliseconds)));
            b.Add(clock.Elapsed.TotalSeconds);
            var m = marks.ToArray();
            Console.WriteLine($"  rounds end at (ms): {string.Join(" ", m.Select(x => x.ToString("F0")))}; posterior assembled {clock.Elapsed.TotalMilliseconds - m[^1]:F0} ms after the last round; " +
                              $"sampling per round (max over chains, ms): {string.Join(" ", reports.Select(p => p.Report.Chains.Max(c => c.SampleMilliseconds).ToString("F0")))}");
            if (r == 0)
            {
                if (single.ToJson() != distributed.ToJson()) { Console.Error.WriteLine("the cluster's posterior differs from Infer.Nuts'"); return 1; }
                foreach (var s in reports.SelectMany(p => p.Report.Chains)) segments.Enqueue(s);
            }
            Console.WriteLine($"  pair {r + 1}: Infer.Nuts {a[^1]:F2} s, Cluster.Nuts {b[^1]:F2} s, ratio {b[^1] / a[^1]:F3}");
        }
        var ratios = a.Zip(b, (x, y) => y / x).ToList();
        Console.WriteLine($"eight schools, 8 chains × 2,000 iterations, segments of {segment}, R-hat/ESS each round: {(diagnostics ? "yes" : "no")}: Cluster/Infer ratio min {ratios.Min():F3}, median {Median(ratios):F3} over {repeats} interleaved pairs (posteriors equal bit for bit)");
        Console.WriteLine($"  Infer.Nuts min {a.Min():F2} s, median {Median(a):F2} s; Cluster.Nuts min {b.Min():F2} s, median {Median(b):F2} s");

        var ran = segments.Where(s => s.SampleMilliseconds > 0).ToList();
        Console.WriteLine($"per segment ({ran.Count} segments of {segment} iterations): sampling median {Median(ran.Select(s => s.SampleMilliseconds).ToList()):F1} ms; " +
                          $"checkpoint (capture + serialize + storage write) median {Median(ran.Select(s => s.CheckpointMilliseconds).ToList()):F2} ms, max {ran.Max(s => s.CheckpointMilliseconds):F2} ms");
        Console.WriteLine($"checkpoint size per chain: {ran.Where(s => s.Iteration == options.Warmup).Select(s => s.CheckpointBytes).DefaultIfEmpty().Max():N0} bytes at the end of warmup, {ran.Max(s => s.CheckpointBytes):N0} bytes at the end (1,000 draws held)");

        AssemblyTime(options);
        ResumeFromBytes(options);
        await ResumeOnTheCluster(cluster, options, run);
        return 0;
    }

    // What the client does after the last round, on one machine: read the chains' checkpoints, resume the finished run, make the posterior.
    private static void AssemblyTime(NutsOptions options)
    {
        var bytes = HamiltonianSampler.Start(Model, null, options) is var s && RunAll(s) ? s.Checkpoint().ToBytes() : [];
        for (int r = 0; r < 3; r++)
        {
            var w = Stopwatch.StartNew();
            var checkpoint = HamiltonianCheckpoint.FromBytes(bytes);
            double read = w.Elapsed.TotalMilliseconds;
            var resumed = HamiltonianSampler.Resume(Model, null, checkpoint, options);
            double resume = w.Elapsed.TotalMilliseconds - read;
            resumed.Posterior();
            double total = w.Elapsed.TotalMilliseconds;
            Console.WriteLine($"client-side posterior from the final checkpoint ({bytes.Length:N0} bytes): read {read:F0} ms, resume {resume:F0} ms, posterior (generated quantities) {total - read - resume:F0} ms");
        }
    }

    private static bool RunAll(HamiltonianSampler s)
    {
        s.Run(int.MaxValue);
        return true;
    }

    // A chain stopped at iteration 1500 (500 draws kept), resumed from its bytes: deserialize, set up the density, restore, one iteration.
    private static void ResumeFromBytes(NutsOptions options)
    {
        var chain = HamiltonianSampler.StartChain(Model, null, options, 3);
        chain.Run(1500);
        var bytes = chain.Checkpoint().ToBytes();
        var times = new List<double>();
        for (int r = 0; r < 21; r++)
        {
            var w = Stopwatch.StartNew();
            var resumed = HamiltonianSampler.ResumeChain(Model, null, HamiltonianCheckpoint.FromBytes(bytes), options);
            resumed.Run(1);
            if (r > 0) times.Add(w.Elapsed.TotalMilliseconds); // the first is JIT warm-up
        }
        Console.WriteLine($"resume one chain from its {bytes.Length:N0}-byte checkpoint (iteration 1500) in process: min {times.Min():F2} ms, median {Median(times):F2} ms over {times.Count}");
    }

    // A silo stopped after the fourth round: its chains reactivate on the others; the grains time their restore.
    private static async Task ResumeOnTheCluster(LocalCluster cluster, NutsOptions options, ClusterRunOptions run)
    {
        var reports = new ConcurrentQueue<ClusterProgress>();
        Task? stop = null;
        var progress = new Collector(reports, p => { if (p.Iteration >= 4 * run.SegmentIterations) stop ??= cluster.StopSiloAsync(2); });
        var clock = Stopwatch.StartNew();
        var posterior = await Distributed.Cluster.Nuts(cluster.Client, Name, options, run, progress);
        double total = clock.Elapsed.TotalSeconds;
        if (stop is not null) await stop;
        var moved = reports.SelectMany(p => p.Report.Chains).Where(c => c.RestoredFrom >= 0).ToList();
        bool equal = posterior.ToJson() == Infer.Nuts(Model, options: options).ToJson();
        Console.WriteLine(moved.Count == 0
            ? $"silo 2 stopped after round 4: no chain had to move ({total:F2} s)"
            : $"silo 2 stopped after round 4: {moved.Count} chain(s) resumed elsewhere from their checkpoints; restore in the grain (deserialize + density setup + restore) " +
              $"min {moved.Min(c => c.RestoreMilliseconds):F2} ms, median {Median(moved.Select(c => c.RestoreMilliseconds).ToList()):F2} ms, max {moved.Max(c => c.RestoreMilliseconds):F2} ms; " +
              $"run {total:F2} s; posterior equal to Infer.Nuts': {equal}");
    }

    private sealed class Collector(ConcurrentQueue<ClusterProgress> into, Action<ClusterProgress>? also = null) : IProgress<ClusterProgress>
    {
        public void Report(ClusterProgress value)
        {
            into.Enqueue(value);
            also?.Invoke(value);
        }
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
