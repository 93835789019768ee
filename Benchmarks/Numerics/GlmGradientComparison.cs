using Probabilistic.Distributions;
using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using Probabilistic.Numerics;
using SimdVector = System.Numerics.Vector<double>;

namespace Probabilistic.Benchmarks.Numerics;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- glm-gradient [--n N] [--k K] [--rounds R] [--only normal|bernoulli|poisson|categorical|vector]</c>: the gradient of a GLM
/// log likelihood (N = 5,000 rows, K = 25 simulated correlated predictors, fixed seed) for the Gaussian, logistic and Poisson
/// families, timed side by side and interleaved (A B C … per round; min and median per gradient over the rounds):
/// the fused <see cref="Likelihoods.NormalIdGlm"/>/<see cref="Likelihoods.BernoulliLogitGlm"/>/<see cref="Likelihoods.PoissonLogGlm"/>
/// replayed by a compiled <see cref="TapeProgram"/> and on a fresh tape; a hand-written double loop with
/// <c>Vector&lt;double&gt;</c>; for the Gaussian also the composition the issue measured (<see cref="RealMath.MatVec(double[,], ReadOnlySpan{Real})"/>
/// then <see cref="Likelihoods.NormalLogDensitySum(ReadOnlySpan{double}, ReadOnlySpan{Real}, Real)"/>, compiled) and
/// MathNet's managed provider (X·β and Xᵀr as matrix–vector products). Stan's normal_id_glm took 34 µs per gradient
/// on the reference machine (issue #16). The categorical GLM and the vectorized normal are in
/// <c>GlmGradientComparison.Vectorized.cs</c>.
/// </summary>
public static partial class GlmGradientComparison
{
    public static int Run(string[] args)
    {
        int n = Option(args, "--n", 5000), k = Option(args, "--k", 25), rounds = Option(args, "--rounds", 21);
        int only = Array.IndexOf(args, "--only");
        string family = only >= 0 && only + 1 < args.Length ? args[only + 1] : "all";
        if (family is "categorical" or "all") Categorical(n, Option(args, "--d", 24), Option(args, "--classes", 3), rounds);
        if (family is "vector" or "all") VectorNormal(n, rounds);
        if (family is "categorical" or "vector") return 0;
        var (x, yNormal, yBernoulli, yPoisson) = Simulate(n, k, seed: 16);
        var flat = new double[n * k];
        Buffer.BlockCopy(x, 0, flat, 0, flat.Length * sizeof(double));
        var mathNetX = Matrix<double>.Build.DenseOfArray(x);
        Console.WriteLine($"GLM gradients, N = {n}, K = {k}, {rounds} interleaved rounds; Vector<double>.Count = {SimdVector.Count}; µs per gradient (min / median)");

        var point = new double[k + 2];
        for (int j = 0; j < k; j++) point[1 + j] = 0.05 * (j % 5) - 0.1;
        point[0] = 0.2;
        point[k + 1] = Math.Log(0.9);

        Real Normal(ReadOnlySpan<Real> q) => Likelihoods.NormalIdGlm(yNormal, x, q[0], q.Slice(1, k), RealMath.Exp(q[k + 1]));
        Real NormalComposed(ReadOnlySpan<Real> q)
        {
            var eta = RealMath.MatVec(x, q.Slice(1, k));
            for (int i = 0; i < eta.Length; i++) eta[i] += q[0];
            return Likelihoods.NormalLogDensitySum(yNormal, eta, RealMath.Exp(q[k + 1]));
        }
        Real Logistic(ReadOnlySpan<Real> q) => Likelihoods.BernoulliLogitGlm(yBernoulli, x, q[0], q.Slice(1, k));
        Real Poisson(ReadOnlySpan<Real> q) => Likelihoods.PoissonLogGlm(yPoisson, x, q[0], q.Slice(1, k));

        var yBernoulliDouble = yBernoulli.Select(v => (double)v).ToArray();
        var yPoissonDouble = yPoisson.Select(v => (double)v).ToArray();
        var gradient = new double[k + 2];
        var scratch = new double[n];

        if (family is "all" or "normal")
        Compare("normal_id_glm", rounds, point, gradient,
        [
            ("compiled NormalIdGlm", Compiled(Normal, point)),
            ("fresh tape NormalIdGlm", Fresh(Normal, point)),
            ("hand-written Vector<double> loop", g => HandNormal(flat, n, k, yNormal, point, g, scratch)),
            ("compiled MatVec + NormalLogDensitySum", Compiled(NormalComposed, point)),
            ("MathNet managed X·β, Xᵀr", g => MathNetNormal(mathNetX, yNormal, point, g, k)),
        ]);
        var p1 = point[..(k + 1)];
        var g1 = new double[k + 1];
        if (family is "all" or "bernoulli")
        Compare("bernoulli_logit_glm", rounds, p1, g1,
        [
            ("compiled BernoulliLogitGlm", Compiled(Logistic, p1)),
            ("fresh tape BernoulliLogitGlm", Fresh(Logistic, p1)),
            ("hand-written Vector<double> loop", g => HandLink(flat, n, k, yBernoulliDouble, p1, g, scratch, logistic: true)),
        ]);
        if (family is "all" or "poisson")
        Compare("poisson_log_glm", rounds, p1, g1,
        [
            ("compiled PoissonLogGlm", Compiled(Poisson, p1)),
            ("fresh tape PoissonLogGlm", Fresh(Poisson, p1)),
            ("hand-written Vector<double> loop", g => HandLink(flat, n, k, yPoissonDouble, p1, g, scratch, logistic: false)),
        ]);
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Rows xᵢ = A zᵢ/scale with zᵢ standard normal, A unit lower triangular with 0.6 below the diagonal (correlated columns).</summary>
    internal static (double[,] X, double[] YNormal, int[] YBernoulli, int[] YPoisson) Simulate(int n, int k, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[n, k];
        var z = new double[k];
        var yNormal = new double[n];
        var yBernoulli = new int[n];
        var yPoisson = new int[n];
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
            yNormal[i] = eta + 0.9 * rng.NextGaussian();
            yBernoulli[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            yPoisson[i] = new Distributions.Poisson(Math.Exp(0.5 * eta)).Sample(rng);
        }
        return (x, yNormal, yBernoulli, yPoisson);
    }

    internal static Func<double[], double> Compiled(Func<ReadOnlySpan<Real>, Real> f, double[] point)
    {
        var tape = new Tape();
        tape.StartRecording();
        var xs = tape.Variables(point);
        var program = TapeProgram.Compile(tape, xs, f(xs), out string? reason) ?? throw new InvalidOperationException($"not compiled: {reason}");
        tape.StopRecording();
        return g => program.TryEvaluate(point, g, out double v) ? v : throw new InvalidOperationException("a guard failed");
    }

    private static Func<double[], double> Fresh(Func<ReadOnlySpan<Real>, Real> f, double[] point)
    {
        var tape = new Tape();
        return g => tape.ValueAndGradient(f, point, g);
    }

    private static void Compare(string title, int rounds, double[] point, double[] gradient, (string Name, Func<double[], double> F)[] variants)
    {
        // Check that every variant computes the same value and gradient as the first.
        var reference = new double[gradient.Length];
        double expected = variants[0].F(reference);
        foreach (var (name, f) in variants)
        {
            double v = f(gradient);
            double worst = 0;
            for (int j = 0; j < gradient.Length; j++) worst = Math.Max(worst, Math.Abs(gradient[j] - reference[j]) / Math.Max(1, Math.Abs(reference[j])));
            if (Math.Abs(v - expected) > 1e-8 * Math.Abs(expected) || worst > 1e-8)
                throw new InvalidOperationException($"{title}: {name} disagrees (value {v:R} vs {expected:R}, gradient {worst:E2})");
        }
        var times = variants.Select(_ => new List<double>()).ToArray();
        // Calibrate: about 20 ms per variant per round.
        var sw = Stopwatch.StartNew();
        int calls = 0;
        while (sw.Elapsed.TotalMilliseconds < 20) { variants[0].F(gradient); calls++; }
        for (int r = 0; r < rounds; r++)
            for (int v = 0; v < variants.Length; v++)
            {
                sw.Restart();
                for (int c = 0; c < calls; c++) variants[v].F(gradient);
                times[v].Add(sw.Elapsed.TotalMilliseconds * 1000 / calls);
            }
        Console.WriteLine($"{title}:");
        double baseline = Median(times[0]);
        for (int v = 0; v < variants.Length; v++)
            Console.WriteLine($"  {variants[v].Name,-40} {times[v].Min(),8:F1} / {Median(times[v]),8:F1}   ({Median(times[v]) / baseline:F2}× the first)");
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    // Hand-written: η = α + Xβ row by row (Vector<double> dot), residuals, then Xᵀr (Vector<double> axpy), two passes over X.
    internal static double HandNormal(double[] x, int n, int k, double[] y, double[] p, double[] g, double[] r)
    {
        double alpha = p[0], sigma = Math.Exp(p[k + 1]), inv = 1 / sigma;
        var beta = p.AsSpan(1, k);
        double sumZ = 0, sumZ2 = 0;
        for (int i = 0; i < n; i++)
        {
            double z = (y[i] - alpha - Dot(x.AsSpan(i * k, k), beta)) * inv;
            sumZ += z;
            sumZ2 += z * z;
            r[i] = z * inv;
        }
        var gb = g.AsSpan(1, k);
        gb.Clear();
        for (int i = 0; i < n; i++) Axpy(gb, r[i], x.AsSpan(i * k, k));
        g[0] = sumZ * inv;
        g[k + 1] = (sumZ2 - n) * inv * sigma; // chain rule through σ = exp(q)
        return -0.5 * sumZ2 - n * (Math.Log(sigma) + 0.91893853320467274178);
    }

    internal static double HandLink(double[] x, int n, int k, double[] y, double[] p, double[] g, double[] r, bool logistic)
    {
        double alpha = p[0], lp = 0, sumR = 0;
        var beta = p.AsSpan(1, k);
        for (int i = 0; i < n; i++)
        {
            double eta = alpha + Dot(x.AsSpan(i * k, k), beta);
            double res;
            if (logistic)
            {
                double s = 2 * y[i] - 1, se = s * eta, e = Math.Exp(-Math.Abs(se));
                lp += Math.Min(se, 0) - Math.Log(1 + e);
                res = s * (se >= 0 ? e : 1) / (1 + e);
            }
            else
            {
                double mu = Math.Exp(eta);
                lp += y[i] * eta - mu - SpecialFunctions.LogFactorial((int)y[i]);
                res = y[i] - mu;
            }
            sumR += res;
            r[i] = res;
        }
        var gb = g.AsSpan(1, k);
        gb.Clear();
        for (int i = 0; i < n; i++) Axpy(gb, r[i], x.AsSpan(i * k, k));
        g[0] = sumR;
        return lp;
    }

    private static double MathNetNormal(Matrix<double> x, double[] y, double[] p, double[] g, int k)
    {
        double alpha = p[0], sigma = Math.Exp(p[k + 1]), inv = 1 / sigma;
        var beta = Vector<double>.Build.Dense(p[1..(k + 1)]);
        var eta = x * beta;
        var r = Vector<double>.Build.Dense(y.Length);
        double sumZ = 0, sumZ2 = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double z = (y[i] - alpha - eta[i]) * inv;
            sumZ += z;
            sumZ2 += z * z;
            r[i] = z * inv;
        }
        var gb = x.TransposeThisAndMultiply(r);
        for (int j = 0; j < k; j++) g[1 + j] = gb[j];
        g[0] = sumZ * inv;
        g[k + 1] = (sumZ2 - y.Length) * inv * sigma;
        return -0.5 * sumZ2 - y.Length * (Math.Log(sigma) + 0.91893853320467274178);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var acc = SimdVector.Zero;
        int j = 0, w = SimdVector.Count;
        for (; j <= a.Length - w; j += w) acc += new SimdVector(a[j..]) * new SimdVector(b[j..]);
        double s = System.Numerics.Vector.Sum(acc);
        for (; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }

    private static void Axpy(Span<double> g, double c, ReadOnlySpan<double> row)
    {
        int j = 0, w = SimdVector.Count;
        var cv = new SimdVector(c);
        for (; j <= g.Length - w; j += w) (new SimdVector(g[j..]) + cv * new SimdVector(row[j..])).CopyTo(g[j..]);
        for (; j < g.Length; j++) g[j] += c * row[j];
    }
}
