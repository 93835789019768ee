using System.Diagnostics;
using Probabilistic.Compilation;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Benchmarks;

/// <summary>
/// <c>-- fold-simulate [steps] [repeats]</c>: one <c>Simulate</c> of a Gaussian random walk of <c>steps</c> steps (default
/// 1,000,000; one <c>Sample("x", Normal(prev, 1))</c> per step, one <c>Factor(0)</c> after the fold so the generator
/// compiles it), compiled (the generated interface over typed slots) and interpreted (<see cref="CompiledModels.Interpreted{T}"/>),
/// interleaved, after a warm-up of each. Prints per repeat and the min and median of ns per step and bytes allocated per
/// step (<see cref="GC.GetAllocatedBytesForCurrentThread"/>). Target (issue 15): ≤ 40 ns and ≤ 16 bytes per step compiled.
/// </summary>
public static class FoldSimulateComparison
{
    /// <summary>The random walk (the twin is attached by the generator's interceptor at the call).</summary>
    [Compiled]
    public static Model<Real> RandomWalk(int steps) =>
        from last in Fold("x", steps, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(prev, 1.0))
            select x)
        from _ in Factor(0.0)
        select last;

    /// <summary>Runs the comparison.</summary>
    public static int Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        var compiled = RandomWalk(steps);
        if (!CompiledModels.TryGetTwin(compiled, out var twin) || twin.GenerativeFunction is null)
            throw new InvalidOperationException("The random walk has no generated interface.");
        var interpreted = CompiledModels.Interpreted(compiled);
        Measure(compiled, 1, steps);
        Measure(interpreted, 1, steps);
        var c = new List<(double Ns, double Bytes)>();
        var i = new List<(double Ns, double Bytes)>();
        for (int r = 0; r < repeats; r++)
        {
            c.Add(Measure(compiled, (ulong)(r + 2), steps));
            i.Add(Measure(interpreted, (ulong)(r + 2), steps));
            Console.WriteLine($"repeat {r}: compiled {c[^1].Ns:F1} ns/step {c[^1].Bytes:F1} B/step; interpreted {i[^1].Ns:F1} ns/step {i[^1].Bytes:F1} B/step");
        }
        Report("compiled", c);
        Report("interpreted", i);
        return 0;
    }

    private static (double Ns, double Bytes) Measure(Model<Real> model, ulong seed, int steps)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var trace = model.Simulate(new Rng(seed));
        sw.Stop();
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        GC.KeepAlive(trace);
        return (sw.Elapsed.TotalNanoseconds / steps, (double)bytes / steps);
    }

    private static void Report(string name, List<(double Ns, double Bytes)> runs)
    {
        var ns = runs.Select(x => x.Ns).Order().ToList();
        var b = runs.Select(x => x.Bytes).Order().ToList();
        Console.WriteLine($"{name}: min {ns[0]:F1} ns/step, median {ns[ns.Count / 2]:F1} ns/step; min {b[0]:F1} B/step, median {b[b.Count / 2]:F1} B/step");
    }
}
