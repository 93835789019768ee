using System.Diagnostics;
using System.Globalization;
using Probabilistic.Compilation;
using Probabilistic.Inference;

namespace Probabilistic.Benchmarks.WebPpl;

/// <summary>
/// Our side of the SMC comparison with WebPPL 0.9.15 (<c>Benchmarks/WebPpl/run.sh</c>): the Gaussian random walk of
/// <see cref="SmcBenchmarks"/> (T = 200, y from seed 2024) filtered by <c>Infer.Smc</c> through the model's compiled twin
/// (<see cref="RandomWalkModel.Model"/>) and, for reference, interpreted. <c>--write-data FILE</c> writes y as a JSON
/// array (the script inlines it into the WebPPL program); <c>--particles N --runs R</c> prints one line per run with the
/// process CPU seconds (and wall seconds) of that run, after five untimed warm-up runs that let the JIT finish, as
/// WebPPL's side times its inference alone in process CPU seconds.
/// </summary>
public static class SmcVersusWebPpl
{
    /// <summary>Runs the command; see the type's summary for the arguments.</summary>
    public static int Run(string[] args)
    {
        var y = Data(200);
        int particles = 1000, runs = 3;
        bool interpreted = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--write-data":
                    File.WriteAllText(args[++i], "[" + string.Join(",", y.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]");
                    return 0;
                case "--particles": particles = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--interpreted": interpreted = true; break;
                default: Console.Error.WriteLine($"smc-vs-webppl: unknown argument '{args[i]}'"); return 2;
            }
        }
        var model = RandomWalkModel.Model(y);
        if (!CompiledModels.TryGetTwin(model, out _)) throw new InvalidOperationException("smc-vs-webppl: the model has no compiled twin.");
        var options = new SmcOptions { Particles = particles, Seed = 1, MaxDegreeOfParallelism = 1, Interpreted = interpreted };
        for (int w = 0; w < 5; w++) Infer.Smc(model, options); // warm-up: the JIT's tiers
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < runs; r++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            double logZ = Infer.Smc(model, options with { Seed = (ulong)(r + 2) }).LogEvidence;
            wall.Stop();
            process.Refresh();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours {0} N={1}: {2:F4} CPU s ({3:F4} wall), log Z {4:F3}",
                interpreted ? "interpreted" : "compiled", particles, (process.TotalProcessorTime - before).TotalSeconds, wall.Elapsed.TotalSeconds, logZ));
        }
        return 0;
    }

    /// <summary>The benchmark's observations: x_t = x_{t−1} + ε, y_t = x_t + η from <c>new Rng(2024)</c> (<see cref="SmcBenchmarks"/> filters the same).</summary>
    public static double[] Data(int steps)
    {
        var rng = new Rng(2024);
        var y = new double[steps];
        double x = 0;
        for (int t = 0; t < steps; t++)
        {
            x += rng.NextGaussian();
            y[t] = x + rng.NextGaussian();
        }
        return y;
    }
}
