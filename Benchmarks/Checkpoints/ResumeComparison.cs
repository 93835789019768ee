using System.Diagnostics;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Benchmarks.Checkpoints;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- resume [--repeats N] [--seeds S]</c>: on eight schools,
/// (1) the checkpoint's size and the time to resume a chain from its bytes (deserialize, set up the model's density,
/// restore, run the first iteration), stopped in the middle of sampling; (2) min bulk-ESS per CPU second of a cold NUTS
/// fit (1000 warmup + 1000 draws) against warm starts from a previous fit's state (no warmup; 100 step-size-only
/// warmup iterations), interleaved per seed, sequential chains.
/// </summary>
public static class ResumeComparison
{
    private static readonly Model<Real[]> Model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);

    public static int Run(string[] args)
    {
        int repeats = Option(args, "--repeats", 20), seeds = Option(args, "--seeds", 6);
        ResumeTime(1, repeats);
        ResumeTime(4, repeats);
        WarmStart(seeds);
        return 0;
    }

    private static void ResumeTime(int chains, int repeats)
    {
        var o = new NutsOptions { Chains = chains, Warmup = 1000, Draws = 1000, Seed = 7, MaxDegreeOfParallelism = 1 };
        var sampler = HamiltonianSampler.Start(Model, options: o);
        sampler.Run(1500); // 500 draws kept per chain
        var bytes = sampler.Checkpoint().ToBytes();
        var serialize = new List<double>();
        var resume = new List<double>();
        for (int r = 0; r < repeats + 1; r++)
        {
            var w = Stopwatch.StartNew();
            var b = sampler.Checkpoint().ToBytes();
            w.Stop();
            if (r > 0) serialize.Add(w.Elapsed.TotalMilliseconds);
            w.Restart();
            var resumed = HamiltonianSampler.Resume(Model, null, HamiltonianCheckpoint.FromBytes(b), o);
            resumed.Run(1);
            w.Stop();
            if (r > 0) resume.Add(w.Elapsed.TotalMilliseconds); // the first is JIT warm-up
        }
        Console.WriteLine($"eight schools, {chains} chain(s) stopped at iteration 1500 (500 draws kept each): checkpoint {bytes.Length:N0} bytes ({bytes.Length / chains:N0} per chain)");
        Console.WriteLine($"  capture + serialize: min {serialize.Min():F2} ms, median {Median(serialize):F2} ms");
        Console.WriteLine($"  resume (deserialize + density setup + restore + first iteration): min {resume.Min():F2} ms, median {Median(resume):F2} ms over {repeats}");
    }

    private static void WarmStart(int seeds)
    {
        var previous = Infer.Nuts(Model, options: new NutsOptions { Chains = 4, Warmup = 1000, Draws = 200, Seed = 1000, MaxDegreeOfParallelism = 1 });
        (string Name, Func<ulong, NutsOptions> Options)[] variants =
        [
            ("cold (1000 warmup)", s => new NutsOptions { Chains = 4, Warmup = 1000, Draws = 1000, Seed = s, MaxDegreeOfParallelism = 1 }),
            ("warm (no warmup)", s => new NutsOptions { Chains = 4, Warmup = 0, Draws = 1000, Seed = s, MaxDegreeOfParallelism = 1, WarmStart = previous.SamplerState }),
            ("warm (100 warmup)", s => new NutsOptions { Chains = 4, Warmup = 100, Draws = 1000, Seed = s, MaxDegreeOfParallelism = 1, WarmStart = previous.SamplerState }),
        ];
        foreach (var v in variants) Infer.Nuts(Model, options: v.Options(99) with { Draws = 50 }); // JIT, untimed
        var rows = variants.ToDictionary(v => v.Name, _ => new List<(double EssPerCpu, double Ess, double Cpu, int Divergences)>());
        for (int s = 1; s <= seeds; s++)
            for (int r = 0; r < variants.Length; r++)
            {
                var v = variants[(r + s) % variants.Length]; // interleaved: the order rotates with the seed
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var posterior = Infer.Nuts(Model, options: v.Options((ulong)s));
                process.Refresh();
                double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                double ess = posterior.Columns.Where(c => !c.IsGenerated).Select(c => ConvergenceDiagnostics.EssBulk(posterior.Chain(c.Name))).Min();
                rows[v.Name].Add((ess / cpu, ess, cpu, posterior.SamplerDiagnostics.Divergences));
            }
        Console.WriteLine($"\neight schools, 4 chains × 1000 draws, sequential, {seeds} seeds interleaved: min bulk-ESS per CPU second (whole call)");
        Console.WriteLine($"{"variant",-20} {"min ESS",9} {"CPU s",7} {"div",5} {"ESS/CPU-s min / median",24}");
        foreach (var (name, list) in rows)
            Console.WriteLine($"{name,-20} {Median(list.Select(t => t.Ess)),9:F0} {Median(list.Select(t => t.Cpu)),7:F2} {Median(list.Select(t => (double)t.Divergences)),5:F0} {list.Min(t => t.EssPerCpu),11:F1} / {Median(list.Select(t => t.EssPerCpu)),-11:F1}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
