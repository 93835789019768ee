using System.Diagnostics;
using System.Globalization;
using Probabilistic.Compilation;
using Probabilistic.Inference;
using Probabilistic.Torch;
using Probabilistic.Torch.Compilation;
using TorchSharp;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;

namespace Probabilistic.Benchmarks.Torch;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- tensor-smc-scaling [--particles N] [--repeats R] [--compiled-only]</c>: how
/// <c>Infer.TensorSmc</c>'s time grows with the number of observations T (50, 200, 800) on a generated Gaussian random walk,
/// 1,000 particles by default, CPU device, one torch thread, the compiled tensor particle program against the interpreter's
/// re-execution (<see cref="TensorSmcOptions.Interpreted"/>), side by side in one process and interleaved (each repeat runs
/// every T compiled, then every T interpreted, with the same seeds; <c>--compiled-only</c> skips re-execution). It prints the min and median over the repeats of the calling thread's CPU time (a shared
/// machine's waits excluded) and of the wall time, and the T = 800 / T = 200 ratio of each path (target for the compiled
/// one: at most 4.5, i.e. linear in T; re-execution grows as T²). The two paths' log evidences must agree exactly.
/// </summary>
public static class TensorSmcScaling
{
    private static readonly int[] Lengths = [50, 200, 800];

    /// <summary>x₀ ~ N(m0, s0), x_t ~ N(x_{t−1}, q), y_t ~ N(x_t, r): the tensor Gaussian HMM, compiled.</summary>
    [Compiled]
    public static Model<Tensor> RandomWalk(Tensor[] ys, Tensor m0, Tensor s0, Tensor q, Tensor r) =>
        Fold("x", ys.Length, m0, (prev, t) =>
            from x in Sample("x", TensorDist.Normal(t == 0 ? m0 : prev, t == 0 ? s0 : q))
            from _ in Observe(TensorDist.Normal(x, r), ys[t])
            select x);

    public static int Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        int particles = 1000, repeats = 5;
        bool compiledOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--particles" && i + 1 < args.Length) particles = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--repeats" && i + 1 < args.Length) repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--compiled-only") compiledOnly = true;
        }
        var y = Walk(Lengths[^1], seed: 20261207);
        Tensor Scalar(double v) => tensor(v, dtype: ScalarType.Float64).DetachFromDisposeScope();
        var models = Lengths.ToDictionary(t => t, t => RandomWalk([.. y.Take(t).Select(Scalar)], Scalar(0), Scalar(1), Scalar(1), Scalar(0.5)));
        if (!CompiledModels.TryGetTwin(models[Lengths[0]], out var twin) || twin is not ITensorCompiledModel)
            throw new InvalidOperationException("The benchmark's random walk has no tensor particle program: is the generator running?");

        var cpu = new Dictionary<(int T, bool Interpreted), List<double>>();
        var wall = new Dictionary<(int T, bool Interpreted), List<double>>();
        foreach (int t in Lengths)
            foreach (bool interpreted in new[] { false, true })
            {
                cpu[(t, interpreted)] = [];
                wall[(t, interpreted)] = [];
            }
        // Warm-up: the JIT and torch's first calls, on both paths.
        Once(models[Lengths[0]], particles, interpreted: false, seed: 99);
        Once(models[Lengths[0]], particles, interpreted: true, seed: 99);
        // Each repeat runs every T compiled, then every T interpreted (the same seeds): the paths alternate in blocks, so
        // neither always runs right after the other's largest run.
        for (int k = 0; k < repeats; k++)
        {
            ulong seed = (ulong)(k + 1);
            var logZ = new Dictionary<int, double>();
            foreach (bool interpreted in compiledOnly ? new[] { false } : new[] { false, true })
                foreach (int t in Lengths)
                {
                    var (c, w, z) = Once(models[t], particles, interpreted, seed);
                    if (interpreted && z != logZ[t]) throw new InvalidOperationException($"T = {t}, seed {seed}: the compiled log evidence {logZ[t]:R} differs from the interpreted {z:R}.");
                    logZ[t] = z;
                    cpu[(t, interpreted)].Add(c);
                    wall[(t, interpreted)].Add(w);
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "repeat {0}, T = {1}, {2}: {3:F3} s CPU ({4:F3} s wall); log Z {5:F4}",
                        k + 1, t, interpreted ? "interpreted" : "compiled", c, w, z));
                }
        }
        if (compiledOnly)
            foreach (int t in Lengths)
            {
                cpu[(t, true)].Add(double.NaN);
                wall[(t, true)].Add(double.NaN);
            }

        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "TensorSmc, Gaussian random walk, {0} particles, CPU device, 1 torch thread, {1} repeats (seconds; min / median)", particles, repeats));
        Console.WriteLine("path         T     CPU min   CPU median   wall min  wall median   per step (CPU min, ms)");
        foreach (bool interpreted in new[] { false, true })
            foreach (int t in Lengths)
            {
                var c = cpu[(t, interpreted)];
                var w = wall[(t, interpreted)];
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-11} {1,4} {2,10:F4} {3,12:F4} {4,10:F4} {5,12:F4} {6,14:F3}",
                    interpreted ? "interpreted" : "compiled", t, c.Min(), Median(c), w.Min(), Median(w), 1000 * c.Min() / t));
            }
        Console.WriteLine();
        foreach (bool interpreted in new[] { false, true })
        {
            var c = (Func<int, List<double>>)(t => cpu[(t, interpreted)]);
            var w = (Func<int, List<double>>)(t => wall[(t, interpreted)]);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0,-11} T=800/T=200: CPU {1:F2} (min) {2:F2} (median); wall {3:F2} (min) {4:F2} (median); T=200/T=50: CPU {5:F2} (min){6}",
                interpreted ? "interpreted" : "compiled", c(800).Min() / c(200).Min(), Median(c(800)) / Median(c(200)), w(800).Min() / w(200).Min(), Median(w(800)) / Median(w(200)),
                c(200).Min() / c(50).Min(), interpreted ? "" : "   [target T=800/T=200 <= 4.5]"));
        }
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "interpreted / compiled at T = 800: CPU {0:F1}x (min)", cpu[(800, true)].Min() / cpu[(800, false)].Min()));
        return 0;
    }

    private static (double Cpu, double Wall, double LogZ) Once(Model<Tensor> model, int particles, bool interpreted, ulong seed)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var thread = new ThreadCpuClock(); // one torch thread runs its kernels on the calling thread
        long cpu0 = thread.GetTimestamp();
        var clock = Stopwatch.StartNew();
        double logZ;
        using (NewDisposeScope())
        {
            var s = Infer.TensorSmc(model, new TensorSmcOptions { Particles = particles, Interpreted = interpreted, Run = new TensorRunOptions { Seed = seed } });
            logZ = s.LogEvidence;
            s.Particles.Dispose();
        }
        double wall = clock.Elapsed.TotalSeconds;
        return ((thread.GetTimestamp() - cpu0) * 1e-9, wall, logZ);
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static double[] Walk(int steps, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[steps];
        double x = 0;
        for (int t = 0; t < steps; t++)
        {
            x += rng.NextGaussian();
            y[t] = x + 0.5 * rng.NextGaussian();
        }
        return y;
    }
}
