using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Xunit;

namespace Probabilistic.Tests.Inference.Gradient.Metrics;

/// <summary>
/// The low-rank-plus-diagonal metric (<see cref="LowRankMetric"/>) and its Fisher-divergence estimate
/// (<see cref="FisherMetricEstimator"/>): exact algebra where it is exact, and NUTS on a correlated normal.
/// </summary>
public class LowRankMetricTests
{
    /// <summary>Columns of the linear map <paramref name="apply"/> on ℝ^d.</summary>
    private static double[,] Matrix(int d, Action<double[], double[]> apply)
    {
        var m = new double[d, d];
        var e = new double[d];
        var column = new double[d];
        for (int j = 0; j < d; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            apply(e, column);
            for (int i = 0; i < d; i++) m[i, j] = column[i];
        }
        return m;
    }

    private static double[,] Multiply(double[,] a, double[,] b, bool transposeB = false)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = transposeB ? b.GetLength(0) : b.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i, t] * (transposeB ? b[j, t] : b[t, j]);
                c[i, j] = s;
            }
        return c;
    }

    /// <summary>A strongly correlated covariance with unequal scales: Σ = D (A Aᵀ + 0.05 I) D, A standard normal, D = diag(0.1, 1, 10, …).</summary>
    private static double[,] Covariance(int d, Rng rng)
    {
        var a = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) a[i, j] = rng.NextGaussian();
        var sigma = Multiply(a, a, transposeB: true); // Wishart-like: strongly correlated, well defined
        for (int i = 0; i < d; i++) sigma[i, i] += 0.05;
        var scales = Enumerable.Range(0, d).Select(i => Math.Pow(10, (i % 3) - 1)).ToArray(); // 0.1, 1, 10
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) sigma[i, j] *= scales[i] * scales[j];
        return sigma;
    }

    private static double[,] Inverse(double[,] m)
    {
        var inverse = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(m).Inverse();
        return inverse.ToArray();
    }

    /// <summary>
    /// For a Gaussian posterior N(μ, Σ) the gradient is −Σ⁻¹(θ − μ), so the scaled gradients' covariance is exactly
    /// Σ̃⁻¹ A Σ̃⁻¹ and the geometric mean returns Σ̃ for any n ≥ d draws: with every eigenvalue kept (cutoff 1) the metric's
    /// M⁻¹ must equal Σ up to the regularization γ = 1e-12 and rounding (relative 1e-6 leaves room for the conditioning of
    /// the eigendecompositions, κ(Σ) ≈ 1e6 here, times 1e-12).
    /// </summary>
    [Fact]
    public void TheFisherEstimateRecoversAGaussianCovarianceExactly()
    {
        const int d = 6, n = 40;
        var rng = new Rng(3);
        var sigma = Covariance(d, rng);
        var precision = Inverse(sigma);
        var cholesky = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(sigma).Cholesky().Factor;
        var draws = new List<double[]>();
        var gradients = new List<double[]>();
        for (int k = 0; k < n; k++)
        {
            var z = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(d, _ => rng.NextGaussian());
            var x = (cholesky * z).ToArray();
            for (int i = 0; i < d; i++) x[i] += 3;
            draws.Add(x);
            gradients.Add(Enumerable.Range(0, d).Select(i => -Enumerable.Range(0, d).Sum(j => precision[i, j] * (x[j] - 3))).ToArray());
        }
        var (scale, vectors, values) = FisherMetricEstimator.Estimate(draws, gradients, Enumerable.Repeat(1.0, d).ToArray(),
            new LowRankMetricOptions { EigenvalueCutoff = 1, Regularization = 1e-12 });
        Assert.NotEmpty(vectors);
        var metric = new LowRankMetric(scale, vectors, values);
        var inverseMetric = Matrix(d, (p, v) => metric.Velocity(p, v));
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                Assert.True(Math.Abs(inverseMetric[i, j] - sigma[i, j]) <= 1e-6 * Math.Sqrt(sigma[i, i] * sigma[j, j]),
                    $"M⁻¹[{i},{j}] = {inverseMetric[i, j]}, Σ[{i},{j}] = {sigma[i, j]}");
    }

    /// <summary>
    /// With fewer draws than half the dimensions, the estimate works on the span of the draws and gradients (a thin QR):
    /// d = 50, n = 20, Σ = I + 399 u uᵀ with u = (1, …, 1)/√50. In the diagonally scaled space the spike's eigenvalue is
    /// about 400/√(9/0.98) ≈ 132 (less on the span: the scale's unevenness leaks perpendicular gradient noise into B along
    /// u, which the full-space algebra would cancel), far above the cutoff 10, so a correction must be kept, and it must
    /// point along u: for a spiked
    /// covariance the leading sample eigenvector's angle obeys sin²θ ≈ (d/n)/spike ≈ 2.5/400 (cos θ ≈ 0.997); cos θ &gt; 0.95
    /// allows sixteen times that.
    /// </summary>
    [Fact]
    public void FewerDrawsThanDimensionsUseTheirSpan()
    {
        const int d = 50, n = 20;
        var rng = new Rng(9);
        double spike = 399, norm = Math.Sqrt(d);
        var draws = new List<double[]>();
        var gradients = new List<double[]>();
        for (int k = 0; k < n; k++)
        {
            double w = Math.Sqrt(spike) * rng.NextGaussian();
            var x = Enumerable.Range(0, d).Select(_ => rng.NextGaussian() + w / norm).ToArray();
            // Σ⁻¹ = I − spike/(1 + spike) u uᵀ
            double ux = x.Sum() / norm;
            draws.Add(x);
            gradients.Add(x.Select(t => -(t - spike / (1 + spike) * ux / norm)).ToArray());
        }
        var (scale, vectors, values) = FisherMetricEstimator.Estimate(draws, gradients, Enumerable.Repeat(1.0, d).ToArray(), new LowRankMetricOptions { EigenvalueCutoff = 10 });
        Assert.NotEmpty(vectors);
        int top = Array.IndexOf(values, values.Max());
        Assert.True(values[top] > 10, $"largest eigenvalue {values[top]}");
        double cos = Math.Abs(vectors[top].Sum() / norm);
        Assert.True(cos > 0.95, $"|cos| between the leading correction and u is {cos}");
        Assert.Equal(d, scale.Length);
    }

    /// <summary>
    /// A window with one extreme gradient (a chain far out early in warmup, as arma-arma11's from a bad initial point) must
    /// not fail: with −1e200 the gradients' squares overflow, so that coordinate keeps its current scale and the window gives
    /// the diagonal only; with −1e150 they do not, but the scaled gradients' covariance has entries near 1e150, on which
    /// MathNet's symmetric eigensolver overflowed internally (an IndexOutOfRangeException) before the matrices were scaled.
    /// </summary>
    [Theory]
    [InlineData(-1e200)]
    [InlineData(-1e150)]
    public void AWindowWithAnExtremeGradientGivesAFiniteMetric(double extreme)
    {
        var rng = new Rng(3);
        var draws = new List<double[]>();
        var gradients = new List<double[]>();
        for (int k = 0; k < 30; k++)
        {
            var x = new[] { rng.NextGaussian(), rng.NextGaussian(), rng.NextGaussian() };
            draws.Add(x);
            gradients.Add([-x[0], -x[1], k == 7 ? extreme : -x[2]]);
        }
        var (scale, vectors, values) = FisherMetricEstimator.Estimate(draws, gradients, [1, 1, 0.5], new LowRankMetricOptions());
        Assert.All(scale, s => Assert.True(s > 0 && double.IsFinite(s), $"scale {s}"));
        Assert.All(values, v => Assert.True(v > 0 && double.IsFinite(v), $"eigenvalue {v}"));
        Assert.All(vectors, u => Assert.All(u, e => Assert.True(double.IsFinite(e))));
        if (extreme == -1e200)
        {
            Assert.Empty(vectors);
            Assert.Equal(0.5, scale[2]);
        }
        // The two standard normal coordinates (gradient −x) get the scale 1 exactly: sd(x)/sd(−x) = 1.
        Assert.Equal(1, scale[0], 1e-12);
        Assert.Equal(1, scale[1], 1e-12);
    }

    /// <summary>The diagonal part alone (<see cref="MetricKind.FisherDiagonal"/>): sᵢ² = sd(θᵢ)/sd(gᵢ) is exactly Σᵢᵢ for a diagonal Σ.</summary>
    [Fact]
    public void TheDiagonalScaleIsExactForAnIndependentGaussian()
    {
        var variances = new[] { 0.01, 1.0, 400.0 };
        var rng = new Rng(5);
        var draws = new List<double[]>();
        var gradients = new List<double[]>();
        for (int k = 0; k < 30; k++)
        {
            var x = variances.Select(v => Math.Sqrt(v) * rng.NextGaussian()).ToArray();
            draws.Add(x);
            gradients.Add(x.Select((t, i) => -t / variances[i]).ToArray());
        }
        var (scale, vectors, _) = FisherMetricEstimator.Estimate(draws, gradients, [1, 1, 1], lowRank: null);
        Assert.Empty(vectors);
        for (int i = 0; i < 3; i++) Assert.Equal(variances[i], scale[i] * scale[i], 1e-12 * variances[i]);
    }

    /// <summary>
    /// Momenta drawn as S⁻¹(z + U(Λ^(−1/2) − I)Uᵀz) have covariance L Lᵀ (L the map from z); it must be the inverse of the
    /// metric's M⁻¹ (exact algebra: 1e-9 allows for the rounding of products with entries up to 50).
    /// </summary>
    [Fact]
    public void MomentaHaveTheMetricsCovariance()
    {
        const int d = 5;
        var q = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Random(d, 2, new MathNet.Numerics.Distributions.Normal(0, 1, new Random(2))).QR().Q;
        var vectors = new[] { q.Column(0).ToArray(), q.Column(1).ToArray() };
        var metric = new LowRankMetric([0.5, 2, 1, 3, 0.1], vectors, [50, 0.02]);
        var map = Matrix(d, (z, p) => metric.MomentumFromStandard(z, p));
        var covariance = Multiply(map, map, transposeB: true);
        var inverseMetric = Matrix(d, (p, v) => metric.Velocity(p, v));
        var product = Multiply(covariance, inverseMetric);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) Assert.Equal(i == j ? 1.0 : 0.0, product[i, j], 1e-9);
    }

    /// <summary>
    /// NUTS with the low-rank metric on a bivariate normal with ρ = 0.99: moments within z·MCSE (z = 4.5, five checks: a
    /// chance failure probability under 4e-5), and the adapted metric removes the correlation, so trajectories stay
    /// short (mean tree depth under 3, as with the dense metric; the diagonal metric takes about 15 leapfrog steps per draw here).
    /// </summary>
    [Theory]
    [InlineData(MetricKind.LowRank)]
    [InlineData(MetricKind.FisherDiagonal)]
    public void NutsSamplesACorrelatedNormal(MetricKind metric)
    {
        const double rho = 0.99, z = 4.5;
        var posterior = Infer.Nuts(new CorrelatedNormalTarget(rho), new NutsOptions
        {
            Chains = 4, Warmup = 1000, Draws = 1000, Seed = 12, Metric = metric,
        });
        var x = posterior.Chain("theta[1]");
        var y = posterior.Chain("theta[2]");
        void Moment(double[][] f, double expected, string what)
        {
            double estimate = f.SelectMany(c => c).Average(), mcse = ConvergenceDiagnostics.McseMean(f);
            Assert.True(Math.Abs(estimate - expected) <= z * mcse, $"{what}: {estimate} vs {expected}, MCSE {mcse}");
        }
        double[][] Map(double[][] a, double[][] b, Func<double, double, double> f) => a.Zip(b, (p, r) => p.Zip(r, f).ToArray()).ToArray();
        Moment(x, 0, "E[x]");
        Moment(y, 0, "E[y]");
        Moment(Map(x, x, (p, _) => p * p), 1, "E[x²]");
        Moment(Map(y, y, (p, _) => p * p), 1, "E[y²]");
        Moment(Map(x, y, (p, r) => p * r), rho, "E[xy]");
        double depth = posterior.Statistics!.SelectMany(c => c).Average(s => s.TreeDepth);
        if (metric == MetricKind.LowRank) Assert.True(depth < 3, $"mean tree depth {depth}: the low-rank corrections should have removed the correlation");
    }

    /// <summary>Bad low-rank settings are named with their value.</summary>
    [Fact]
    public void BadLowRankSettingsAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Nuts(new CorrelatedNormalTarget(0.5),
            new NutsOptions { Metric = MetricKind.LowRank, LowRank = new LowRankMetricOptions { EigenvalueCutoff = 0.5 } }));
        Assert.Contains("LowRank.EigenvalueCutoff", e.Message);
        Assert.Contains("0.5", e.Message);
    }
}
