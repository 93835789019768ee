using System.Diagnostics;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Benchmarks.Variational;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- svi-compiled [--rounds R] [--steps S]</c>: µs per SVI step (AutoNormal,
/// one-particle ELBO, Adam) with the model scored through its generated log density (<see cref="SviRun.GeneratedDensity"/>)
/// against the interpreter (<see cref="SviOptions.Interpreted"/>), interleaved (A B per round; min and median over the
/// rounds), for eight schools (generated gradient over <c>double</c>) and the linear regression of the SVI step benchmark
/// (N = 100, K = 3: the generated density on the tape, its fused likelihood being outside the gradient's fragment); then
/// the size of an SVI checkpoint of eight schools and the time to take it, write it to bytes, read it and resume.
/// </summary>
public static class SviCompiledComparison
{
    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 15), steps = Option(args, "--steps", 2000);
        var schools = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var (x, y) = VariationalRegression.Simulate(100, 1);
        var regression = LinearRegressionModel.Model(x, y, 10, new Exponential(1));
        Console.WriteLine($"SVI step, generated density vs interpreted, {rounds} interleaved rounds of {steps} steps; {Environment.ProcessorCount} cores");
        Steps("eight schools, AutoNormal (µs per step)", schools, rounds, steps);
        Steps("linear regression N = 100, AutoNormal (µs per step)", regression, rounds, steps);
        Checkpoints(schools, rounds);
        return 0;
    }

    private static void Steps<T>(string title, Model<T> model, int rounds, int steps)
    {
        var guide = AutoNormal.Create(model);
        double Time(bool interpreted)
        {
            var run = SviRun.Start(model, guide, options: new SviOptions { Steps = steps, Seed = 1, Interpreted = interpreted });
            if (run.GeneratedDensity == interpreted) throw new InvalidOperationException("the generated density is not in use: is the Compiler analyzer referenced?");
            var sw = Stopwatch.StartNew();
            run.Run(steps);
            sw.Stop();
            return sw.Elapsed.TotalMicroseconds / steps;
        }
        Report(title, rounds, ("generated", () => Time(false)), ("interpreted", () => Time(true)));
    }

    private static void Checkpoints<T>(Model<T> model, int rounds)
    {
        var guide = AutoNormal.Create(model);
        var options = new SviOptions { Steps = 2000, Seed = 1 };
        var run = SviRun.Start(model, guide, options: options);
        run.Run(1000);
        int size = run.Checkpoint().ToBytes().Length;
        var take = new List<double>();
        var resume = new List<double>();
        for (int r = 0; r < rounds + 1; r++)
        {
            var sw = Stopwatch.StartNew();
            var bytes = run.Checkpoint().ToBytes();
            double t1 = sw.Elapsed.TotalMilliseconds;
            var resumed = SviRun.Resume(model, guide, null, SviCheckpoint.FromBytes(bytes), options);
            double t2 = sw.Elapsed.TotalMilliseconds;
            if (resumed.Step != 1000) throw new InvalidOperationException("resume lost steps");
            if (r == 0) continue; // warm-up
            take.Add(t1);
            resume.Add(t2 - t1);
        }
        Console.WriteLine($"eight schools SVI checkpoint after 1000 of 2000 steps: {size} bytes");
        Console.WriteLine($"  checkpoint + ToBytes ms   min {take.Min(),8:F3}  median {Median(take),8:F3}");
        Console.WriteLine($"  FromBytes + Resume ms     min {resume.Min(),8:F3}  median {Median(resume),8:F3}");
    }

    private static void Report(string title, int rounds, (string Name, Func<double> Measure) a, (string Name, Func<double> Measure) b)
    {
        a.Measure(); // warm-up (JIT) of both paths
        b.Measure();
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

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
