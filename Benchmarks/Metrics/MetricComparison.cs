using System.Diagnostics;
using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Probabilistic.Numerics;
using Probabilistic.Distributions;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Benchmarks.Metrics;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- metric [--n N] [--k K] [--seeds S]</c>: NUTS under each metric
/// adaptation — Stan's diagonal (the default), the Fisher diagonal, low-rank plus diagonal (cutoffs 2 and 100) and
/// Stan's dense — on a Gaussian GLM with K correlated predictors (N rows; the predictors of
/// <c>glm-gradient</c>, x_j built from z_j + 0.6 Σ_{m&lt;j} z_m) and on a bivariate normal with ρ = 0.99.
/// Per seed the metrics run one after the other in a rotating order (interleaved), 2 chains × (1000 + 1000) sequential,
/// timed in process CPU seconds (as Stan's <c>get_elapsed_time</c>) with wall seconds beside; reported per metric:
/// min bulk ESS over the parameters, leapfrogs per draw, step size, min-ESS per CPU second (min and median over seeds)
/// and its ratio to the diagonal metric's in the same seed.
/// </summary>
public static class MetricComparison
{
    private sealed record Variant(string Name, MetricKind Metric, double Cutoff);

    private static readonly Variant[] Variants =
    [
        new("diagonal (Stan)", MetricKind.Diagonal, 2),
        new("Fisher diagonal", MetricKind.FisherDiagonal, 2),
        new("low rank (cutoff 2)", MetricKind.LowRank, 2),
        new("low rank, cutoff 100", MetricKind.LowRank, 100),
        new("dense (Stan)", MetricKind.Dense, 2),
    ];

    public static int Run(string[] args)
    {
        int n = Option(args, "--n", 1000), k = Option(args, "--k", 24), seeds = Option(args, "--seeds", 3);
        var glm = GlmModel(n, k);
        Compare($"Gaussian GLM, N = {n}, K = {k} correlated predictors", glm, seeds);
        Compare("bivariate normal, ρ = 0.99", CorrelatedPair(0.99), seeds);
        return 0;
    }

    private static void Compare<T>(string title, Model<T> model, int seeds)
    {
        Console.WriteLine($"\n{title}: 2 chains × (1000 + 1000), sequential; {seeds} seeds, metrics interleaved");
        // JIT warm-up: one short run per variant, untimed.
        foreach (var v in Variants) Infer.Nuts(model, null, Options(v, 99, 100));
        var rows = Variants.ToDictionary(v => v.Name, _ => new List<(double EssPerCpu, double Ratio, double Ess, double Leapfrogs, double StepSize, double Cpu, double Wall)>());
        for (int s = 1; s <= seeds; s++)
        {
            var results = new Dictionary<string, (double EssPerCpu, double Ess, double Leapfrogs, double StepSize, double Cpu, double Wall)>();
            for (int r = 0; r < Variants.Length; r++)
            {
                var v = Variants[(r + s) % Variants.Length];
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                var posterior = Infer.Nuts(model, null, Options(v, (ulong)s, 1000));
                wall.Stop();
                process.Refresh();
                double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                double ess = posterior.Columns.Select(c => ConvergenceDiagnostics.EssBulk(posterior.Chain(c.Name))).Min();
                var stats = posterior.Statistics!.SelectMany(c => c).ToArray();
                results[v.Name] = (ess / cpu, ess, stats.Average(t => (double)t.LeapfrogSteps), posterior.SamplerDiagnostics.StepSizes.Average(), cpu, wall.Elapsed.TotalSeconds);
            }
            double baseline = results[Variants[0].Name].EssPerCpu;
            foreach (var (name, x) in results) rows[name].Add((x.EssPerCpu, x.EssPerCpu / baseline, x.Ess, x.Leapfrogs, x.StepSize, x.Cpu, x.Wall));
        }
        Console.WriteLine($"{"metric",-22} {"min ESS",9} {"leapfrogs/draw",15} {"step size",10} {"CPU s",8} {"wall s",8} {"min-ESS/CPU s (min / median)",30} {"÷ diagonal (min / median)",26}");
        foreach (var v in Variants)
        {
            var list = rows[v.Name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{v.Name,-22} {Median(list.Select(t => t.Ess)),9:F0} {Median(list.Select(t => t.Leapfrogs)),15:F1} {Median(list.Select(t => t.StepSize)),10:G3} {Median(list.Select(t => t.Cpu)),8:F2} {Median(list.Select(t => t.Wall)),8:F2} {list.Min(t => t.EssPerCpu),14:F1} / {Median(list.Select(t => t.EssPerCpu)),-13:F1} {list.Min(t => t.Ratio),11:F2} / {Median(list.Select(t => t.Ratio)),-12:F2}"));
        }
    }

    private static NutsOptions Options(Variant v, ulong seed, int iterations) => new()
    {
        Chains = 2, Warmup = iterations, Draws = iterations, Seed = seed, MaxDegreeOfParallelism = 1,
        Metric = v.Metric, LowRank = new LowRankMetricOptions { EigenvalueCutoff = v.Cutoff },
    };

    /// <summary>α ~ N(0, 5), βⱼ ~ N(0, 2), σ ~ HalfNormal(2), y ~ N(α + Xβ, σ) through the fused <see cref="Likelihoods.NormalIdGlm"/>.</summary>
    private static Model<Real> GlmModel(int n, int k)
    {
        var rng = new Rng(16);
        var x = new double[n, k];
        var z = new double[k];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++) z[j] = rng.NextGaussian();
            double eta = 0.2;
            for (int j = 0; j < k; j++)
            {
                double s = z[j];
                for (int m = 0; m < j; m++) s += 0.6 * z[m];
                x[i, j] = s / Math.Sqrt(1 + 0.36 * j);
                eta += x[i, j] * (0.05 * (j % 5) - 0.1);
            }
            y[i] = eta + 0.9 * rng.NextGaussian();
        }
        return
            from alpha in Sample("alpha", Normal(0, 5))
            from beta in Plate("beta", k, Normal(0, 2))
            from sigma in Sample("sigma", HalfNormal(2))
            from _ in Factor(Likelihoods.NormalIdGlm(y, x, alpha, beta, sigma))
            select alpha;
    }

    /// <summary>(x, y) bivariate normal, unit variances, correlation ρ.</summary>
    private static Model<Real> CorrelatedPair(double rho) =>
        from x in Sample("x", Normal(0, 1))
        from y in Sample("y", Normal(rho * x, Math.Sqrt(1 - rho * rho)))
        select x;

    private static double Median(IEnumerable<double> values)
    {
        var a = values.OrderBy(v => v).ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : 0.5 * (a[a.Length / 2 - 1] + a[a.Length / 2]);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
