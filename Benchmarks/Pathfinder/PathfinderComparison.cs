using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Benchmarks.Pathfinder;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- pathfinder [--seeds 1,2,3] [--part 1|2]</c>: the evaluation of Zhang et al. (2022)
/// on posteriordb's eight_schools_noncentered and sblrc-blr, in two parts.
/// <para>
/// 1. Log-density gradient evaluations and seconds to an approximation, and its distance to the reference draws
/// (data/posteriordb/*/reference_draws.json.zip, 10,000 draws): multi-path Pathfinder (defaults) against ADVI, i.e. SVI
/// with <c>AutoNormal</c> and <c>AutoMultivariateNormal</c> on the one-particle ELBO with Adam (learning rates 0.01 and
/// 0.05, the better one kept at each budget), run for 100 … 20,000 steps (one gradient evaluation of the model per
/// step). The distance is the 1-Wasserstein distance between the marginals of 1,000 approximate draws and of the
/// reference draws, averaged over the reference's parameters (the paper's W1 is joint; marginal W1 is exact and cheap).
/// ADVI's "evaluations to match" is the smallest budget whose distance is at most Pathfinder's median distance.
/// </para>
/// <para>
/// 2. NUTS (4 chains, 1,000 draws each) initialized at random (Stan's default) or by Pathfinder
/// (<see cref="HamiltonianOptions.Pathfinder"/>, its metric re-estimated in Stan's windows, or kept with only the step size
/// adapted: <c>pf-metric</c>): for warmup lengths 25 … 1,000, whether every parameter's R-hat is below
/// 1.01, and the gradient evaluations spent before sampling (warmup, plus Pathfinder's own for the second), counted
/// through the density; sampling's evaluations (the leapfrog steps of the kept draws) are subtracted.
/// </para>
/// </summary>
public static class PathfinderComparison
{
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

    private sealed record Case(string Name, Model<Real[]> Model, Dictionary<string, double[]> Reference, Func<Func<string, double[]>, Func<string, double[]>> Derived);

    /// <summary>Runs the comparison and prints its tables.</summary>
    public static int Run(string[] args)
    {
        var seeds = new ulong[] { 1, 2, 3 };
        string part = "all";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--seeds") seeds = args[i + 1].Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            else if (args[i] == "--part" && args[i + 1] is "1" or "2") part = args[i + 1];
            else { Console.Error.WriteLine($"unknown option {args[i]} (--seeds 1,2,3 --part 1|2)"); return 2; }
        }
        string db = Path.Combine(AppContext.BaseDirectory, "data", "posteriordb");
        var cases = new[] { EightSchools(db), Sblrc(db) };
        if (part != "2") Part1(cases, seeds);
        if (part != "1") Part2(cases, seeds);
        return 0;
    }

    private static void Part1(Case[] cases, ulong[] seeds)
    {
        Console.WriteLine("Part 1: evaluations and seconds to an approximation; distance = mean marginal W1 to the reference draws");
        Console.WriteLine();
        foreach (var c in cases) Approximations(c, seeds);
    }

    private static void Part2(Case[] cases, ulong[] seeds)
    {
        Console.WriteLine("Part 2: NUTS warmup evaluations to max R-hat < 1.01 (4 chains x 1,000 draws)");
        Console.WriteLine();
        foreach (var c in cases) Warmup(c, seeds);
    }

    /// <summary>The Pathfinder settings compared: Stan's defaults, multi- and single-path, and single-path with 5 ELBO draws and 100 draws.</summary>
    private static readonly (string Label, PathfinderOptions Options)[] Settings =
    [
        ("multi-path (4 paths, Stan defaults)", new PathfinderOptions()),
        ("single-path (Stan defaults)", new PathfinderOptions { NumPaths = 1 }),
        ("single-path, num_elbo_draws 5, num_draws 100", new PathfinderOptions { NumPaths = 1, NumElboDraws = 5, NumDraws = 100 }),
    ];

    private static void Approximations(Case c, ulong[] seeds)
    {
        Infer.Pathfinder(c.Model, options: new PathfinderOptions { Seed = 999 }); // JIT warm-up, untimed
        var targets = new List<(string Label, double W1, double Evaluations, double Seconds)>();
        foreach (var (label, settings) in Settings)
        {
            var pf = new List<(double W1, long Evaluations, double Seconds, double K)>();
            foreach (var seed in seeds)
            {
                var watch = Stopwatch.StartNew();
                var result = Infer.Pathfinder(c.Model, options: settings with { Seed = seed });
                watch.Stop();
                pf.Add((Distance(c, result.Draws), result.GradientEvaluations, watch.Elapsed.TotalSeconds, result.ParetoK));
            }
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0}: Pathfinder {1}: W1 median {2:G4} (min {3:G4}), evaluations median {4:F0} (min {5}), seconds median {6:F3} (min {7:F3}), k-hat {8}",
                c.Name, label, Median(pf.Select(p => p.W1)), pf.Min(p => p.W1), Median(pf.Select(p => (double)p.Evaluations)), pf.Min(p => p.Evaluations),
                Median(pf.Select(p => p.Seconds)), pf.Min(p => p.Seconds), string.Join(" ", pf.Select(p => p.K.ToString("F2", CultureInfo.InvariantCulture)))));
            targets.Add((label, Median(pf.Select(p => p.W1)), Median(pf.Select(p => (double)p.Evaluations)), Median(pf.Select(p => p.Seconds))));
        }
        int[] budgets = [100, 200, 500, 1000, 2000, 5000, 10000, 20000];
        foreach (var (guideName, makeGuide) in new (string, Func<Guide>)[] { ("AutoNormal", () => AutoNormal.Create(c.Model)), ("AutoMultivariateNormal", () => AutoMultivariateNormal.Create(c.Model)) })
        {
            Console.WriteLine($"  ADVI {guideName}: steps (= gradient evaluations) | W1 median over seeds | seconds median");
            var curve = new List<(int Steps, double W1, double Seconds)>();
            foreach (var steps in budgets)
            {
                var w1 = new List<double>();
                var secs = new List<double>();
                foreach (var seed in seeds)
                {
                    double best = double.PositiveInfinity, bestSeconds = 0;
                    foreach (var rate in new[] { 0.01, 0.05 })
                    {
                        var watch = Stopwatch.StartNew();
                        var fit = Infer.Svi(c.Model, makeGuide(), options: new SviOptions { Steps = steps, Seed = seed, Objective = new Elbo(), Optimizer = () => new Adam(rate) });
                        watch.Stop();
                        double d = Distance(c, fit.Sample(1000, seed));
                        if (d < best) (best, bestSeconds) = (d, watch.Elapsed.TotalSeconds);
                    }
                    w1.Add(best);
                    secs.Add(bestSeconds);
                }
                curve.Add((steps, Median(w1), Median(secs)));
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "    {0,6} | {1:G4} | {2:F3}", steps, Median(w1), Median(secs)));
            }
            foreach (var (label, pfW1, pfEvals, pfSeconds) in targets)
            {
                var match = curve.FirstOrDefault(p => p.W1 <= pfW1);
                Console.WriteLine(match.Steps > 0
                    ? string.Format(CultureInfo.InvariantCulture, "  {0}: ADVI {1} needs {2} evaluations ({3:F3} s) to match Pathfinder {4} (W1 {5:G4}): {6:F2}x its {7:F0} evaluations, {8:F2}x its seconds",
                        c.Name, guideName, match.Steps, match.Seconds, label, pfW1, match.Steps / pfEvals, pfEvals, match.Seconds / pfSeconds)
                    : string.Format(CultureInfo.InvariantCulture, "  {0}: ADVI {1} does not reach Pathfinder {2}'s W1 {3:G4} within {4} evaluations ({5:F1}x its {6:F0})",
                        c.Name, guideName, label, pfW1, budgets[^1], budgets[^1] / pfEvals, pfEvals));
            }
        }
        Console.WriteLine();
    }

    private static void Warmup(Case c, ulong[] seeds)
    {
        var density = ModelDensity<Real[]>.Create(c.Model);
        int[] warmups = [25, 50, 100, 150, 200, 300, 500, 1000];
        Infer.Nuts(density, new NutsOptions { Warmup = 100, Draws = 100, Seed = 999 });
        Console.WriteLine($"{c.Name}: warmup | init | seeds with max R-hat < 1.01 | pre-sampling evaluations median | max R-hat median");
        foreach (var (init, label) in new[] { ((PathfinderInit?)null, "random"), (PathfinderInit.Default, "pathfinder"), (PathfinderInit.Default with { AdaptMetric = false }, "pf-metric") })
        {
            int? first = null;
            double firstEvals = 0;
            foreach (var w in warmups)
            {
                var evals = new List<double>();
                var rhats = new List<double>();
                foreach (var seed in seeds)
                {
                    var count = new long[1];
                    var o = new NutsOptions { Chains = 4, Warmup = w, Draws = 1000, Seed = seed, Pathfinder = init };
                    var posterior = Infer.Nuts(new CountingDensity(density, count), o);
                    long sampling = posterior.Statistics!.Sum(chain => chain.Sum(s => (long)s.LeapfrogSteps));
                    evals.Add(count[0] - sampling);
                    rhats.Add(posterior.Columns.Max(col => ConvergenceDiagnostics.Rhat(posterior.Chain(col.Name))));
                }
                int ok = rhats.Count(r => r < 1.01);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,5} | {1,-10} | {2}/{3} | {4:F0} | {5:F4}",
                    w, label, ok, seeds.Length, Median(evals), Median(rhats)));
                if (first is null && ok == seeds.Length) (first, firstEvals) = (w, Median(evals));
            }
            Console.WriteLine(first is int f
                ? string.Format(CultureInfo.InvariantCulture, "  {0}: {1} initialization reaches R-hat < 1.01 on every seed from warmup {2}, {3:F0} evaluations before sampling",
                    c.Name, label, f, firstEvals)
                : $"  {c.Name}: {label} initialization does not reach R-hat < 1.01 on every seed within warmup {warmups[^1]}");
        }
        Console.WriteLine();
    }

    /// <summary>Mean over the reference's parameters of the 1-Wasserstein distance between the empirical marginals.</summary>
    private static double Distance(Case c, Posterior draws)
    {
        var get = c.Derived(name => draws[name]);
        return c.Reference.Average(kv => Wasserstein1(get(kv.Key), kv.Value));
    }

    /// <summary>W1 of two empirical distributions on ℝ: ∫ |F(x) − G(x)| dx over the merged sorted points.</summary>
    private static double Wasserstein1(double[] a, double[] b)
    {
        var x = a.OrderBy(v => v).ToArray();
        var y = b.OrderBy(v => v).ToArray();
        int i = 0, j = 0;
        double prev = Math.Min(x[0], y[0]), sum = 0;
        while (i < x.Length || j < y.Length)
        {
            double next = j >= y.Length || (i < x.Length && x[i] <= y[j]) ? x[i] : y[j];
            sum += Math.Abs((double)i / x.Length - (double)j / y.Length) * (next - prev);
            prev = next;
            if (j >= y.Length || (i < x.Length && x[i] <= y[j])) i++;
            else j++;
        }
        return sum;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    private static Dictionary<string, double[]> ReferenceDraws(string db, string posterior)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(db, posterior, "reference_draws.json.zip"));
        using var stream = zip.Entries[0].Open();
        var chains = JsonDocument.Parse(stream).RootElement;
        var draws = new Dictionary<string, List<double>>();
        foreach (var chain in chains.EnumerateArray())
            foreach (var p in chain.EnumerateObject())
            {
                if (!draws.TryGetValue(p.Name, out var list)) draws[p.Name] = list = [];
                list.AddRange(p.Value.EnumerateArray().Select(e => e.GetDouble()));
            }
        return draws.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    private static JsonElement Data(string db, string posterior) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(db, posterior, "data.json"))).RootElement;

    private static Case EightSchools(string db)
    {
        const string name = "eight_schools-eight_schools_noncentered";
        var data = Data(db, name);
        var y = data.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sigma = data.GetProperty("sigma").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        // θⱼ = μ + τ θ̃ⱼ is a transformed parameter in the Stan model: computed per draw.
        return new Case(name, EightSchoolsModel.Model(y, sigma), ReferenceDraws(db, name), get => p =>
            p.StartsWith("theta[", StringComparison.Ordinal)
                ? get("mu").Zip(get("tau"), get($"theta_trans[{p[6..^1]}]")).Select(t => t.First + t.Second * t.Third).ToArray()
                : get(p));
    }

    private static Case Sblrc(string db)
    {
        const string name = "sblrc-blr";
        var data = Data(db, name);
        var x = LinearRegressionModel.ToMatrix(data.GetProperty("X").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray());
        var y = data.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return new Case(name, LinearRegressionModel.Model(x, y, 10, new HalfNormal(10)), ReferenceDraws(db, name), get => get);
    }
}
