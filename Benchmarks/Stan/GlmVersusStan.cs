using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Probabilistic.Benchmarks.Numerics;
using Probabilistic.Distributions;

namespace Probabilistic.Benchmarks.Stan;

/// <summary>
/// The GLM gradients side by side with Stan's (issue #16's target: "a Gaussian GLM with N = 5,000 and K = 25 costs ≤ Stan's
/// <c>normal_id_glm</c> gradient, and the logistic and Poisson variants likewise"), run by <c>Benchmarks/Stan/run.sh</c>:
/// <list type="number">
/// <item><c>glm-vs-stan --write-data DIR</c> writes <c>glm_normal.json</c>, <c>glm_bernoulli.json</c> and <c>glm_poisson.json</c>:
/// N = 5,000 rows of K = 25 correlated predictors and y simulated as <c>glm-gradient</c> does (fixed seed), and one point
/// on the unconstrained space (α, β, and for the Gaussian log σ);</item>
/// <item><c>glm_gradients.R</c> times Stan's <c>normal_id_glm_lpdf</c>, <c>bernoulli_logit_glm_lpmf</c> and
/// <c>poisson_log_glm_lpmf</c> gradients on those files (<c>grad_log_prob</c> in CPU µs less an empty module call, and
/// less <c>grad_log_prob</c> on an empty model with the same parameters, since R's wrapper costs more than an empty call) and
/// writes their log density and gradient at the point;</item>
/// <item><c>glm-vs-stan --data DIR --stan FILE</c> reads the same files, checks that our fused likelihood
/// (<see cref="Likelihoods.NormalIdGlm"/>, <see cref="Likelihoods.BernoulliLogitGlm"/>, <see cref="Likelihoods.PoissonLogGlm"/>,
/// replayed by a compiled tape as NUTS runs it) has Stan's value and gradient at the point (Stan's adds the log σ
/// Jacobian of σ = exp(q)), and times it and a hand-written <c>Vector&lt;double&gt;</c> loop in CPU µs per call:
/// 7 interleaved rounds of at least 0.5 CPU s each (A B A B), min and median.</item>
/// </list>
/// </summary>
public static class GlmVersusStan
{
    private const int Rounds = 7;

    private static readonly string[] Families = ["normal", "bernoulli", "poisson"];

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Runs one of the two steps (see the type's summary).</summary>
    public static int Run(string[] args)
    {
        string? write = null, data = null, stan = null;
        int n = 5000, k = 25;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--write-data": write = args[i + 1]; break;
                case "--data": data = args[i + 1]; break;
                case "--stan": stan = args[i + 1]; break;
                case "--n": n = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--k": k = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"glm-vs-stan: unknown option {args[i]}"); return 2;
            }
        }
        if (write is not null)
        {
            WriteData(write, n, k);
            return 0;
        }
        if (data is null || stan is null)
        {
            Console.Error.WriteLine("glm-vs-stan: --write-data DIR, or --data DIR --stan FILE");
            return 2;
        }
        return Compare(data, stan);
    }

    private static double[] Point(int k, bool sigma)
    {
        var point = new double[sigma ? k + 2 : k + 1];
        point[0] = 0.2;
        for (int j = 0; j < k; j++) point[1 + j] = 0.05 * (j % 5) - 0.1;
        if (sigma) point[k + 1] = Math.Log(0.9);
        return point;
    }

    private static void WriteData(string folder, int n, int k)
    {
        Directory.CreateDirectory(folder);
        var (x, yNormal, yBernoulli, yPoisson) = GlmGradientComparison.Simulate(n, k, seed: 16);
        void Write(string family, Action<Utf8JsonWriter> y, double[] point)
        {
            using var stream = File.Create(Path.Combine(folder, $"glm_{family}.json"));
            using var w = new Utf8JsonWriter(stream);
            w.WriteStartObject();
            w.WriteNumber("N", n);
            w.WriteNumber("K", k);
            w.WriteStartArray("X");
            for (int i = 0; i < n; i++)
            {
                w.WriteStartArray();
                for (int j = 0; j < k; j++) w.WriteNumberValue(x[i, j]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WritePropertyName("y");
            y(w);
            w.WriteStartArray("point");
            foreach (var v in point) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        Write("normal", w => { w.WriteStartArray(); foreach (var v in yNormal) w.WriteNumberValue(v); w.WriteEndArray(); }, Point(k, sigma: true));
        Write("bernoulli", w => { w.WriteStartArray(); foreach (var v in yBernoulli) w.WriteNumberValue(v); w.WriteEndArray(); }, Point(k, sigma: false));
        Write("poisson", w => { w.WriteStartArray(); foreach (var v in yPoisson) w.WriteNumberValue(v); w.WriteEndArray(); }, Point(k, sigma: false));
        Console.WriteLine($"glm-vs-stan: wrote glm_normal.json, glm_bernoulli.json, glm_poisson.json (N = {n}, K = {k}) to {folder}");
    }

    private sealed record Variant(string Family, string Stan, double[] Point, Func<double[], double> Ours, Func<double[], double> Hand, double JacobianIndex);

    private static int Compare(string folder, string stanFile)
    {
        var stanRoot = JsonDocument.Parse(File.ReadAllText(stanFile)).RootElement;
        var stan = stanRoot.GetProperty("glm").EnumerateArray().ToDictionary(e => e.GetProperty("family").GetString()!);
        var variants = new List<Variant>();
        foreach (var family in Families)
        {
            var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, $"glm_{family}.json"))).RootElement;
            int n = root.GetProperty("N").GetInt32(), k = root.GetProperty("K").GetInt32();
            var rows = root.GetProperty("X").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var x = new double[n, k];
            var flat = new double[n * k];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < k; j++) flat[i * k + j] = x[i, j] = rows[i][j];
            var yDouble = root.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var point = root.GetProperty("point").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var scratch = new double[n];
            switch (family)
            {
                case "normal":
                    variants.Add(new(family, "normal_id_glm_lpdf", point,
                        GlmGradientComparison.Compiled(q => Likelihoods.NormalIdGlm(yDouble, x, q[0], q.Slice(1, k), RealMath.Exp(q[k + 1])), point),
                        g => GlmGradientComparison.HandNormal(flat, n, k, yDouble, point, g, scratch), k + 1));
                    break;
                case "bernoulli":
                {
                    var y = yDouble.Select(v => (int)v).ToArray();
                    variants.Add(new(family, "bernoulli_logit_glm_lpmf", point,
                        GlmGradientComparison.Compiled(q => Likelihoods.BernoulliLogitGlm(y, x, q[0], q.Slice(1, k)), point),
                        g => GlmGradientComparison.HandLink(flat, n, k, yDouble, point, g, scratch, logistic: true), -1));
                    break;
                }
                default:
                {
                    var y = yDouble.Select(v => (int)v).ToArray();
                    variants.Add(new(family, "poisson_log_glm_lpmf", point,
                        GlmGradientComparison.Compiled(q => Likelihoods.PoissonLogGlm(y, x, q[0], q.Slice(1, k)), point),
                        g => GlmGradientComparison.HandLink(flat, n, k, yDouble, point, g, scratch, logistic: false), -1));
                    break;
                }
            }
        }

        // Same function as Stan's: value and gradient at the point (Stan's density adds log σ, σ's Jacobian, for the Gaussian).
        foreach (var v in variants)
        {
            var s = stan[v.Family];
            var g = new double[v.Point.Length];
            double value = v.Ours(g);
            double jacobian = v.JacobianIndex >= 0 ? v.Point[(int)v.JacobianIndex] : 0;
            double stanValue = s.GetProperty("log_prob").GetDouble();
            var stanGradient = s.GetProperty("gradient").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double worst = 0;
            for (int j = 0; j < g.Length; j++)
            {
                double ours = g[j] + (j == v.JacobianIndex ? 1 : 0);
                worst = Math.Max(worst, Math.Abs(ours - stanGradient[j]) / Math.Max(1, Math.Abs(stanGradient[j])));
            }
            double valueError = Math.Abs(value + jacobian - stanValue) / Math.Max(1, Math.Abs(stanValue));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0}: ours {1:R} (+ Jacobian {2:R}) vs Stan's {3:R}: relative difference {4:E2}; gradient's largest relative difference {5:E2}",
                v.Stan, value, jacobian, stanValue, valueError, worst));
            if (valueError > 1e-9 || worst > 1e-9)
                throw new InvalidOperationException($"glm-vs-stan: {v.Stan}: our likelihood is not Stan's on the same data (value {valueError:E2}, gradient {worst:E2})");
        }

        // Interleaved rounds: ours compiled, hand-written, for each family in turn, each round at least 0.5 CPU s.
        var oursTimes = variants.Select(_ => new List<double>()).ToArray();
        var handTimes = variants.Select(_ => new List<double>()).ToArray();
        foreach (var v in variants)
        {
            var g = new double[v.Point.Length];
            for (int i = 0; i < 2000; i++) { v.Ours(g); v.Hand(g); }
        }
        for (int r = 0; r < Rounds; r++)
            for (int i = 0; i < variants.Count; i++)
            {
                oursTimes[i].Add(PerCall(variants[i].Ours, variants[i].Point.Length));
                handTimes[i].Add(PerCall(variants[i].Hand, variants[i].Point.Length));
            }
        Console.WriteLine();
        Console.WriteLine($"GLM gradients, N = 5,000, K = 25 correlated predictors, the same data and point on both sides; CPU µs per gradient; Stan {stanRoot.GetProperty("stan_version").GetString()}.");
        Console.WriteLine("ours: the fused likelihood replayed by a compiled tape; Stan: grad_log_prob less an empty module call (as the panel's), and less");
        Console.WriteLine("grad_log_prob on an empty model with the same parameters (R's wrapper of grad_log_prob costs more than an empty call); median [min] of 7 rounds of ≥ 0.5 CPU s.");
        Console.WriteLine();
        Console.WriteLine("| variant | ours µs | Stan µs (less an empty call) | ratio ours/Stan | Stan µs (less an empty model's grad_log_prob) | ratio | hand-written Vector<double> loop µs |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        for (int i = 0; i < variants.Count; i++)
        {
            var s = stan[variants[i].Family];
            double stanMedian = s.GetProperty("gradient_us_median").GetDouble(), stanMin = s.GetProperty("gradient_us_min").GetDouble();
            double nullMedian = s.TryGetProperty("gradient_us_null_median", out var nm) ? nm.GetDouble() : double.NaN;
            double nullMin = s.TryGetProperty("gradient_us_null_min", out var nn) ? nn.GetDouble() : double.NaN;
            double oursMedian = Median(oursTimes[i]);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F1} [{2:F1}] | {3:F1} [{4:F1}] | {5:F2} | {8:F1} [{9:F1}] | {10:F2} | {6:F1} [{7:F1}] |",
                variants[i].Stan, oursMedian, oursTimes[i].Min(), stanMedian, stanMin, oursMedian / stanMedian, Median(handTimes[i]), handTimes[i].Min(),
                nullMedian, nullMin, oursMedian / nullMedian));
        }
        return 0;
    }

    private static double PerCall(Func<double[], double> f, int dimension)
    {
        var g = new double[dimension];
        long calls = 0;
        double start = CpuSeconds();
        while (CpuSeconds() - start < 0.5)
        {
            for (int i = 0; i < 200; i++) f(g);
            calls += 200;
        }
        return 1e6 * (CpuSeconds() - start) / calls;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
