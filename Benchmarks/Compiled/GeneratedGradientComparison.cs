using System.Diagnostics;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;

namespace Probabilistic.Benchmarks.Compiled;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- generated-gradient [--rounds R] [--nuts-rounds R]</c>: the generated
/// reverse-mode gradient over <c>double</c> (<see cref="ModelDensity{T}.GeneratedGradient"/>) against the compiled tape's
/// replay of the same density (<c>generatedGradient: false</c>) and a hand-written <c>double</c> gradient, interleaved
/// (A B C per round; min and median over the rounds), µs per density + gradient, for eight schools (non-centred, d = 10)
/// and the Gaussian HMM (a Fold, T = 100, d = 100); then NUTS on eight schools (4 chains × (1000 + 1000), chains
/// sequential) with the generated gradient against the tape, process CPU and wall seconds. Each gradient's bytes allocated
/// per call (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) are printed after its timings.
/// </summary>
public static class GeneratedGradientComparison
{
    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 21), nutsRounds = Option(args, "--nuts-rounds", 5);
        Console.WriteLine($"Generated double gradient vs compiled tape vs hand-written, {rounds} interleaved rounds (NUTS: {nutsRounds}); {Environment.ProcessorCount} cores");
        var schools = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        Gradients("eight schools (d = 10), µs per density + gradient", schools, rounds, 20000, new SchoolsByHand(EightSchoolsModel.Y, EightSchoolsModel.Sigma).LogDensityGradient);
        var y = GaussianHmm.Simulate(100, 3);
        Gradients("Gaussian HMM T = 100 (d = 100), µs per density + gradient", GaussianHmm.Model(y), rounds, 2000, new HmmByHand(y).LogDensityGradient);
        Nuts(schools, nutsRounds);
        return 0;
    }

    private delegate double Gradient(ReadOnlySpan<double> theta, Span<double> gradient);

    private static void Gradients<T>(string title, Model<T> model, int rounds, int calls, Gradient byHand)
    {
        var generated = ModelDensity<T>.Create(model);
        var tape = ModelDensity<T>.Create(model, generatedGradient: false);
        if (!generated.GeneratedGradient) throw new InvalidOperationException("no generated gradient: is the Compiler analyzer referenced?");
        var points = Points(generated.Dimension, 64);
        var g = new double[generated.Dimension];
        var h = new double[generated.Dimension];
        // The three agree (the hand-written one checks this benchmark's own formulas).
        foreach (var p in points)
        {
            double a = generated.LogDensityGradient(p, g), b = byHand(p, h);
            if (Math.Abs(a - b) > 1e-9 * Math.Abs(a) || g.Zip(h).Any(t => Math.Abs(t.First - t.Second) > 1e-9 * (1 + Math.Abs(t.First))))
                throw new InvalidOperationException($"{title}: the hand-written gradient disagrees with the generated one");
        }
        double Time(Gradient f)
        {
            var sw = Stopwatch.StartNew();
            double sink = 0;
            for (int c = 0; c < calls; c++) sink += f(points[c % points.Length], g);
            sw.Stop();
            if (double.IsNaN(sink)) Console.WriteLine("NaN");
            return sw.Elapsed.TotalMicroseconds / calls;
        }
        tape.LogDensityGradient(points[0], g);
        if (!tape.Compiled) throw new InvalidOperationException("the tape did not compile: " + tape.CompileFailure);
        Report(title, rounds, ("generated", () => Time(generated.LogDensityGradient)), ("tape", () => Time(tape.LogDensityGradient)), ("by hand", () => Time(byHand)));
        // Bytes allocated per call on this thread, after the warm-up above (the generated gradient's workspace is made on its first call).
        double Allocated(Gradient f)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int c = 0; c < calls; c++) f(points[c % points.Length], g);
            return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / calls;
        }
        Console.WriteLine($"  allocated bytes per call: generated {Allocated(generated.LogDensityGradient):F1}, tape {Allocated(tape.LogDensityGradient):F1}, by hand {Allocated(byHand):F1}");
    }

    private static void Nuts<T>(Model<T> model, int rounds)
    {
        var options = new NutsOptions { Chains = 4, Warmup = 1000, Draws = 1000, Seed = 11, MaxDegreeOfParallelism = 1 };
        var cpu = new Dictionary<string, List<double>> { ["generated"] = [], ["tape"] = [] };
        double Time(bool tape)
        {
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            Infer.Nuts(model, options: options with { TapeGradient = tape });
            sw.Stop();
            process.Refresh();
            cpu[tape ? "tape" : "generated"].Add((process.TotalProcessorTime - cpu0).TotalSeconds);
            return sw.Elapsed.TotalSeconds;
        }
        Time(false); // warm-up (JIT) of both paths
        Time(true);
        cpu["generated"].Clear();
        cpu["tape"].Clear();
        Report("NUTS eight schools, 4 chains × (1000 + 1000) sequential: wall s", rounds, ("generated", () => Time(false)), ("tape", () => Time(true)), warmUp: false);
        foreach (var (name, values) in cpu) Console.WriteLine($"  {name,-10} process CPU s  min {values.Min():F3}  median {Median(values):F3}");
    }

    private static void Report(string title, int rounds, params (string Name, Func<double> Measure)[] entries) => Report(title, rounds, true, entries);

    private static void Report(string title, int rounds, (string Name, Func<double> Measure) a, (string Name, Func<double> Measure) b, bool warmUp) =>
        Report(title, rounds, warmUp, a, b);

    private static void Report(string title, int rounds, bool warmUp, params (string Name, Func<double> Measure)[] entries)
    {
        if (warmUp)
            foreach (var e in entries) e.Measure();
        var results = entries.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int e = 0; e < entries.Length; e++) results[e].Add(entries[e].Measure());
        Console.WriteLine(title);
        for (int e = 0; e < entries.Length; e++)
            Console.WriteLine($"  {entries[e].Name,-10} min {results[e].Min(),10:F3}  median {Median(results[e]),10:F3}   (min / generated's min {results[e].Min() / results[0].Min():F2}×)");
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

    private const double HalfLogTwoPi = 0.91893853320467274178;

    // Eight schools by hand: θ = (η₀…η₇, μ, log τ); θ_j = μ + τη_j; η_j ~ N(0, 1), μ ~ N(0, 5), τ ~ HalfCauchy(5) through
    // τ = e^u (log |J| = u), y_j ~ N(θ_j, σ_j). ∂/∂η_j = −η_j + τ r_j, ∂/∂μ = −μ/25 + Σ r_j, ∂/∂u = τ(−2τ/(25 + τ²) + Σ r_j η_j) + 1,
    // r_j = (y_j − θ_j)/σ_j².
    private sealed class SchoolsByHand(double[] y, double[] sigma)
    {
        private readonly double _constant = -y.Length * HalfLogTwoPi - (Math.Log(5) + HalfLogTwoPi) + Math.Log(2 / (Math.PI * 5))
            - sigma.Sum(s => Math.Log(s) + HalfLogTwoPi);

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            int n = y.Length;
            double mu = theta[n], u = theta[n + 1], tau = Math.Exp(u);
            double lp = _constant - 0.5 * mu * mu / 25 + u - Math.Log(1 + tau * tau / 25);
            double gMu = -mu / 25, gTau = -2 * tau / (25 + tau * tau);
            for (int j = 0; j < n; j++)
            {
                double eta = theta[j], z = (y[j] - mu - tau * eta) / sigma[j], r = z / sigma[j];
                lp -= 0.5 * (eta * eta + z * z);
                gradient[j] = -eta + tau * r;
                gMu += r;
                gTau += r * eta;
            }
            gradient[n] = gMu;
            gradient[n + 1] = tau * gTau + 1;
            return lp;
        }
    }

    // The Gaussian HMM by hand (s₀ = q = r = 1): x₀ ~ N(0, 1), x_t ~ N(x_{t−1}, 1), y_t ~ N(x_t, 1).
    private sealed class HmmByHand(double[] y)
    {
        public double LogDensityGradient(ReadOnlySpan<double> x, Span<double> gradient)
        {
            int n = y.Length;
            double lp = -2 * n * HalfLogTwoPi;
            for (int t = 0; t < n; t++)
            {
                double d = x[t] - (t == 0 ? 0 : x[t - 1]), e = y[t] - x[t];
                lp -= 0.5 * (d * d + e * e);
                gradient[t] = -d + e;
                if (t > 0) gradient[t - 1] += d;
            }
            return lp;
        }
    }
}
