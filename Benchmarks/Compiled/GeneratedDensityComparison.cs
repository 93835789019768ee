using System.Diagnostics;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;

namespace Probabilistic.Benchmarks.Compiled;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- generated-density [--rounds R] [--nuts-rounds R]</c>: the generated log
/// density of <c>[Compiled]</c> models (<see cref="ModelDensity{T}.Generated"/>) against the interpreted one, side by side and
/// interleaved (A B per round; min and median over the rounds), in one process:
/// <list type="bullet">
/// <item>one density + gradient evaluation that records its tape (<c>compile: false</c>, so every gradient re-records — the
/// cost a model whose tape cannot be compiled pays on every gradient), for eight schools and the Gaussian HMM (a Fold, T = 100);</item>
/// <item>the first evaluation of a fresh density (it records the tape and compiles it), eight schools;</item>
/// <item>NUTS on eight schools (4 chains × (1000 + 1000), chains sequential), wall and process CPU seconds.</item>
/// </list>
/// </summary>
public static class GeneratedDensityComparison
{
    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 21), nutsRounds = Option(args, "--nuts-rounds", 7);
        var schools = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var hmm = GaussianHmm.Model(GaussianHmm.Simulate(100, 3));
        Console.WriteLine($"Generated vs interpreted log density, {rounds} interleaved rounds (NUTS: {nutsRounds}); {Environment.ProcessorCount} cores");

        Recording("eight schools, density + gradient re-recorded each time (µs)", schools, rounds, 2000);
        Recording("Gaussian HMM T = 100, density + gradient re-recorded each time (µs)", hmm, rounds, 200);
        FirstRecording("eight schools, first evaluation of a fresh density: record + compile (µs)", schools, rounds, 200);
        Nuts(schools, nutsRounds);
        return 0;
    }

    private static void Recording<T>(string title, Model<T> model, int rounds, int calls)
    {
        var generated = ModelDensity<T>.Create(model, compile: false);
        var interpreted = ModelDensity<T>.Create(model, compile: false, interpreted: true);
        if (!generated.Generated) throw new InvalidOperationException("no generated density: is the Compiler analyzer referenced?");
        var points = Points(generated.Dimension, 64);
        var gradient = new double[generated.Dimension];
        double Time(ModelDensity<T> d)
        {
            var sw = Stopwatch.StartNew();
            double sink = 0;
            for (int c = 0; c < calls; c++) sink += d.LogDensityGradient(points[c % points.Length], gradient);
            sw.Stop();
            if (double.IsNaN(sink)) Console.WriteLine("NaN");
            return sw.Elapsed.TotalMicroseconds / calls;
        }
        Report(title, rounds, ("generated", () => Time(generated)), ("interpreted", () => Time(interpreted)));
    }

    private static void FirstRecording<T>(string title, Model<T> model, int rounds, int densities)
    {
        var theta = Points(ModelDensity<T>.Create(model).Dimension, 1)[0];
        var gradient = new double[theta.Length];
        double Time(bool interpreted)
        {
            // The densities are created (an interpreted discovery run, the same for both) outside the timed region.
            var ds = Enumerable.Range(0, densities).Select(_ => ModelDensity<T>.Create(model, interpreted: interpreted)).ToArray();
            var sw = Stopwatch.StartNew();
            foreach (var d in ds) d.LogDensityGradient(theta, gradient);
            sw.Stop();
            if (!ds[0].Compiled) throw new InvalidOperationException("the tape did not compile");
            return sw.Elapsed.TotalMicroseconds / densities;
        }
        Report(title, rounds, ("generated", () => Time(false)), ("interpreted", () => Time(true)));
    }

    private static void Nuts<T>(Model<T> model, int rounds)
    {
        var options = new NutsOptions { Chains = 4, Warmup = 1000, Draws = 1000, Seed = 11, MaxDegreeOfParallelism = 1 };
        var cpu = new Dictionary<string, List<double>> { ["generated"] = [], ["interpreted"] = [] };
        double Time(bool interpreted)
        {
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            Infer.Nuts(model, options: options with { Interpreted = interpreted });
            sw.Stop();
            process.Refresh();
            cpu[interpreted ? "interpreted" : "generated"].Add((process.TotalProcessorTime - cpu0).TotalSeconds);
            return sw.Elapsed.TotalSeconds;
        }
        Time(false); // warm-up (JIT) of both paths
        Time(true);
        cpu["generated"].Clear();
        cpu["interpreted"].Clear();
        Report("NUTS eight schools, 4 chains × (1000 + 1000) sequential: wall s", rounds, ("generated", () => Time(false)), ("interpreted", () => Time(true)), warmUp: false);
        foreach (var (name, values) in cpu) Console.WriteLine($"  {name,-12} process CPU s  min {values.Min():F3}  median {Median(values):F3}");
    }

    private static void Report(string title, int rounds, (string Name, Func<double> Measure) a, (string Name, Func<double> Measure) b, bool warmUp = true)
    {
        if (warmUp)
        {
            a.Measure();
            b.Measure();
        }
        var ra = new List<double>();
        var rb = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            ra.Add(a.Measure());
            rb.Add(b.Measure());
        }
        Console.WriteLine(title);
        Console.WriteLine($"  {a.Name,-12} min {ra.Min(),10:F3}  median {Median(ra),10:F3}");
        Console.WriteLine($"  {b.Name,-12} min {rb.Min(),10:F3}  median {Median(rb),10:F3}   interpreted / generated (median) {Median(rb) / Median(ra):F2}×");
    }

    private static double Median(List<double> values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static double[][] Points(int dimension, int count)
    {
        var rng = new Rng(42);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => rng.NextDouble() - 0.5).ToArray())];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
