using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Pathfinder;

/// <summary>
/// The compact (Byrd–Nocedal–Schnabel) representation against the BFGS recursion it stands for, in the dense (2m ≥ d) and
/// the thin-QR (2m &lt; d) cases: covariance, mean, and log q of the draws. These are identities, so the tolerances are
/// rounding-level (1e-9 relative).
/// </summary>
public class InverseHessianNormalTests
{
    /// <summary>Random pairs (sⱼ, zⱼ = A sⱼ) for an SPD A, a random diagonal α > 0, θ and ∇log p.</summary>
    private static (double[] Theta, double[] Gradient, double[] Alpha, List<double[]> S, List<double[]> Z) Pairs(int d, int m, ulong seed)
    {
        var rng = new Rng(seed);
        var b = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) b[i, j] = rng.NextGaussian();
        var s = new List<double[]>();
        var z = new List<double[]>();
        for (int k = 0; k < m; k++)
        {
            var sk = Enumerable.Range(0, d).Select(_ => rng.NextGaussian()).ToArray();
            // z = (B Bᵀ + I) s.
            var bts = new double[d];
            for (int j = 0; j < d; j++)
                for (int i = 0; i < d; i++) bts[j] += b[i, j] * sk[i];
            var zk = new double[d];
            for (int i = 0; i < d; i++)
            {
                zk[i] = sk[i];
                for (int j = 0; j < d; j++) zk[i] += b[i, j] * bts[j];
            }
            s.Add(sk);
            z.Add(zk);
        }
        var alpha = Enumerable.Range(0, d).Select(_ => Math.Exp(rng.NextGaussian())).ToArray();
        var theta = Enumerable.Range(0, d).Select(_ => rng.NextGaussian()).ToArray();
        var gradient = Enumerable.Range(0, d).Select(_ => rng.NextGaussian()).ToArray();
        return (theta, gradient, alpha, s, z);
    }

    /// <summary>H ← (I − ρ s zᵀ) H (I − ρ z sᵀ) + ρ s sᵀ from H = diag(α), pair after pair (Nocedal &amp; Wright eq. 6.17).</summary>
    private static double[,] Recursive(double[] alpha, List<double[]> s, List<double[]> z)
    {
        int d = alpha.Length;
        var h = new double[d, d];
        for (int i = 0; i < d; i++) h[i, i] = alpha[i];
        for (int k = 0; k < s.Count; k++)
        {
            double rho = 1 / s[k].Zip(z[k], (a, c) => a * c).Sum();
            var v = new double[d, d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) v[i, j] = (i == j ? 1 : 0) - rho * z[k][i] * s[k][j];
            var hv = new double[d, d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                    for (int l = 0; l < d; l++) hv[i, j] += h[i, l] * v[l, j];
            var next = new double[d, d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    double t = rho * s[k][i] * s[k][j];
                    for (int l = 0; l < d; l++) t += v[l, i] * hv[l, j];
                    next[i, j] = t;
                }
            h = next;
        }
        return h;
    }

    private static double MaxRelative(double[,] a, double[,] b)
    {
        double scale = 0, diff = 0;
        foreach (var x in b) scale = Math.Max(scale, Math.Abs(x));
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) diff = Math.Max(diff, Math.Abs(a[i, j] - b[i, j]));
        return diff / scale;
    }

    [Theory]
    [InlineData(4, 3)]   // 2m ≥ d: dense Cholesky
    [InlineData(12, 3)]  // 2m < d: thin QR
    [InlineData(30, 6)]
    public void CompactFormIsTheBfgsRecursion(int d, int m)
    {
        var (theta, gradient, alpha, s, z) = Pairs(d, m, (ulong)(d * 100 + m));
        var q = InverseHessianNormal.Create(theta, gradient, alpha, s, z)!;
        var h = Recursive(alpha, s, z);
        Assert.True(MaxRelative(q.Covariance(), h) < 1e-9, $"covariance differs by {MaxRelative(q.Covariance(), h)}");
        var variances = q.Variances();
        for (int i = 0; i < d; i++) Assert.Equal(h[i, i], variances[i], 1e-9 * Math.Abs(h[i, i]));
        // μ = θ + H ∇log p.
        for (int i = 0; i < d; i++)
        {
            double mu = theta[i];
            for (int j = 0; j < d; j++) mu += h[i, j] * gradient[j];
            Assert.Equal(mu, q.Mean[i], 1e-9 * (1 + Math.Abs(mu)));
        }
    }

    [Theory]
    [InlineData(4, 3)]
    [InlineData(12, 3)]
    public void DrawsHaveTheirNormalLogDensity(int d, int m)
    {
        var (theta, gradient, alpha, s, z) = Pairs(d, m, (ulong)(d + m));
        var q = InverseHessianNormal.Create(theta, gradient, alpha, s, z)!;
        var h = Recursive(alpha, s, z);
        var l = CholeskyLower(h);
        double logDet = 0;
        for (int i = 0; i < d; i++) logDet += 2 * Math.Log(l[i, i]);
        Assert.Equal(logDet, q.LogDeterminant, 1e-9 * Math.Max(1, Math.Abs(logDet)));
        var rng = new Rng(5);
        var phi = new double[d];
        for (int draw = 0; draw < 20; draw++)
        {
            double logQ = q.Draw(rng, phi);
            // Exact log N(φ; μ, H) by forward substitution with H's Cholesky factor.
            var w = new double[d];
            for (int i = 0; i < d; i++)
            {
                double t = phi[i] - q.Mean[i];
                for (int k = 0; k < i; k++) t -= l[i, k] * w[k];
                w[i] = t / l[i, i];
            }
            double exact = -0.5 * (w.Sum(x => x * x) + logDet + d * Math.Log(2 * Math.PI));
            Assert.Equal(exact, logQ, 1e-8 * Math.Max(1, Math.Abs(exact)));
        }
    }

    [Fact]
    public void DrawsHaveTheCovarianceInTheLowRankCase()
    {
        // 40,000 draws: the sample covariance's entries have sd ≤ √((Σᵢᵢ Σⱼⱼ + Σᵢⱼ²)/n) ≤ √(2/n) Σ_max ≈ 0.0071 Σ_max; 5 sd = 0.036.
        var (theta, gradient, alpha, s, z) = Pairs(10, 2, 77);
        var q = InverseHessianNormal.Create(theta, gradient, alpha, s, z)!;
        var h = q.Covariance();
        int n = 40_000, d = 10;
        var rng = new Rng(6);
        var sum = new double[d, d];
        var phi = new double[d];
        for (int k = 0; k < n; k++)
        {
            q.Draw(rng, phi);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) sum[i, j] += (phi[i] - q.Mean[i]) * (phi[j] - q.Mean[j]);
        }
        double max = 0;
        foreach (var x in h) max = Math.Max(max, Math.Abs(x));
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) Assert.True(Math.Abs(sum[i, j] / n - h[i, j]) < 0.036 * max, $"Σ[{i},{j}]: {sum[i, j] / n} vs {h[i, j]}");
    }

    [Fact]
    public void NonPositiveCurvatureGivesNoApproximation()
    {
        var (theta, gradient, alpha, s, z) = Pairs(4, 2, 3);
        z[1] = z[1].Select(v => -v).ToArray(); // sᵀz < 0
        Assert.Null(InverseHessianNormal.Create(theta, gradient, alpha, s, z));
    }

    private static double[,] CholeskyLower(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double sum = a[j, j];
            for (int k = 0; k < j; k++) sum -= l[j, k] * l[j, k];
            l[j, j] = Math.Sqrt(sum);
            for (int i = j + 1; i < n; i++)
            {
                double t = a[i, j];
                for (int k = 0; k < j; k++) t -= l[i, k] * l[j, k];
                l[i, j] = t / l[j, j];
            }
        }
        return l;
    }
}
