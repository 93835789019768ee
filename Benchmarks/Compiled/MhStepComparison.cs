using System.Diagnostics;
using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference.Traced;

namespace Probabilistic.Benchmarks.Compiled;

/// <summary>
/// <c>-- mh-steps [steps] [repeats]</c>: single-site Metropolis–Hastings (<see cref="Kernels.SingleSite{T}"/>, one
/// Regenerate of one uniformly chosen choice per step) on eight schools (a Plate of 8 and two scalars, 10 choices) and on
/// the Gaussian HMM with T = 50 (a Fold, 50 choices), compiled (Update/Regenerate over typed slots) against interpreted
/// (<see cref="CompiledModels.Interpreted{T}"/>), interleaved A B A B after a warm-up of each. Each repeat runs
/// <c>steps</c> kernel steps from the same start (both sides give the same chain, bit for bit) and prints MH steps per
/// second and bytes allocated per step (<see cref="GC.GetAllocatedBytesForCurrentThread"/>); then the min and median.
/// </summary>
public static class MhStepComparison
{
    /// <summary>Runs the comparison.</summary>
    public static int Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        Compare("eight schools (Plate of 8, 10 choices)", EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma), steps, repeats);
        Compare("Gaussian HMM T = 50 (Fold, 50 choices)", GaussianHmm.Model(GaussianHmm.Simulate(50, 3), 1.0, 0.7, 1.2), steps, repeats);
        return 0;
    }

    private static void Compare<T>(string name, Model<T> compiled, int steps, int repeats)
    {
        if (!CompiledModels.TryGetTwin(compiled, out var twin) || twin.GenerativeFunction is null)
            throw new InvalidOperationException($"{name} has no generated interface.");
        var interpreted = CompiledModels.Interpreted(compiled);
        Console.WriteLine(name);
        Measure(compiled, steps / 10);
        Measure(interpreted, steps / 10);
        var c = new List<(double PerSecond, double Bytes)>();
        var i = new List<(double PerSecond, double Bytes)>();
        for (int r = 0; r < repeats; r++)
        {
            c.Add(Measure(compiled, steps));
            i.Add(Measure(interpreted, steps));
            Console.WriteLine($"  repeat {r}: compiled {c[^1].PerSecond:N0} steps/s {c[^1].Bytes:F0} B/step; interpreted {i[^1].PerSecond:N0} steps/s {i[^1].Bytes:F0} B/step");
        }
        Report("compiled", c);
        Report("interpreted", i);
    }

    private static (double PerSecond, double Bytes) Measure<T>(Model<T> model, int steps)
    {
        var kernel = Kernels.SingleSite<T>();
        var rng = new Rng(11);
        var trace = model.Simulate(rng);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++) trace = kernel.Apply(trace, rng).Trace;
        sw.Stop();
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        GC.KeepAlive(trace);
        return (steps / sw.Elapsed.TotalSeconds, (double)bytes / steps);
    }

    private static void Report(string side, List<(double PerSecond, double Bytes)> runs)
    {
        // Min and median of the time per step (so the min is the fastest run), shown as steps per second.
        var rate = runs.Select(x => x.PerSecond).OrderDescending().ToList();
        var b = runs.Select(x => x.Bytes).Order().ToList();
        Console.WriteLine($"  {side}: best {rate[0]:N0} steps/s, median {rate[rate.Count / 2]:N0} steps/s; min {b[0]:F0} B/step, median {b[b.Count / 2]:F0} B/step");
    }
}
