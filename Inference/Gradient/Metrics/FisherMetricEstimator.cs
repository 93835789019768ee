using MathNet.Numerics.LinearAlgebra;

namespace Probabilistic.Inference;

/// <summary>
/// Estimates a metric from a window of warmup draws and the log density's gradients at them by minimizing the Fisher
/// divergence between the posterior and the Gaussian the metric implies (Seyboldt, Carlson &amp; Carpenter 2026,
/// "If only my posterior were normal: introducing Fisher HMC"; nutpie):
/// <list type="number">
/// <item>the diagonal scale sᵢ = √(sd(θᵢ) / sd(∂ᵢ log p)) — for a Gaussian posterior of covariance Σ the gradients have
/// covariance Σ⁻¹, so sᵢ² is exact whenever Σ is diagonal;</item>
/// <item>(<see cref="MetricKind.LowRank"/>) in the scaled coordinates θ̃ = S⁻¹θ, g̃ = S g, the covariance estimate Σ̃ that
/// solves Σ̃ B Σ̃ = A, the geometric mean of A = Cov(θ̃) + γI and B⁻¹ with B = Cov(g̃) + γI (for a Gaussian, B = Σ̃⁻¹ A Σ̃⁻¹
/// exactly, so Σ̃ is recovered from as few draws as it has dimensions); its eigenvectors whose eigenvalue lies outside
/// [1/c, c] become the corrections of a <see cref="LowRankMetric"/>. When the window has fewer than d/2 draws, A and B are
/// taken on an orthonormal basis of the span of the draws and gradients (a thin QR), so the cost is O(d n²).</item>
/// </list>
/// Draws whose position or gradient is not finite are skipped. A window whose low-rank algebra is numerically unusable
/// (a chain far out early in warmup, from a bad initial point, has gradients whose squares overflow) gives the diagonal
/// alone; later windows add the corrections. The matrices are scaled to a largest entry near 1 before each eigendecomposition,
/// since MathNet's symmetric eigensolver overflows internally (and indexes out of range) on entries beyond ~1e150. The windows are Stan's (<see cref="WindowedAdaptation"/>),
/// not nutpie's own schedule.
/// </summary>
internal sealed class FisherMetricEstimator(int dimension, LowRankMetricOptions? lowRank)
{
    private readonly List<double[]> _draws = [];
    private readonly List<double[]> _gradients = [];

    /// <summary>Number of draws in the current window.</summary>
    public int Count => _draws.Count;

    /// <summary>Adds a draw and the gradient of log p at it.</summary>
    public void Add(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient)
    {
        foreach (var v in draw) if (!double.IsFinite(v)) return;
        foreach (var v in gradient) if (!double.IsFinite(v)) return;
        _draws.Add(draw.ToArray());
        _gradients.Add(gradient.ToArray());
    }

    /// <summary>The window's draws and gradients so far (the estimator's whole state), copied, for a chain's checkpoint.</summary>
    public (double[][] Draws, double[][] Gradients) Export() =>
        (_draws.Select(v => (double[])v.Clone()).ToArray(), _gradients.Select(v => (double[])v.Clone()).ToArray());

    /// <summary>Restores a window taken by <see cref="Export"/>.</summary>
    public void Import(double[][] draws, double[][] gradients)
    {
        Restart();
        foreach (var v in draws) _draws.Add((double[])v.Clone());
        foreach (var v in gradients) _gradients.Add((double[])v.Clone());
    }

    /// <summary>Forgets the window's draws.</summary>
    public void Restart()
    {
        _draws.Clear();
        _gradients.Clear();
    }

    /// <summary>Sets <paramref name="h"/>'s metric from the window (a coordinate that cannot be estimated keeps its current scale).</summary>
    public void Update(Hamiltonian h)
    {
        var current = new double[dimension];
        for (int i = 0; i < dimension; i++) current[i] = Math.Sqrt(h.InverseDiagonal[i]);
        var (scale, vectors, values) = Estimate(_draws, _gradients, current, lowRank);
        h.SetLowRank(scale, vectors, values);
    }

    /// <summary>
    /// The diagonal scale and, when <paramref name="lowRank"/> is set, the low-rank corrections (vectors of length d and
    /// their eigenvalues) estimated from <paramref name="draws"/> and <paramref name="gradients"/>.
    /// </summary>
    internal static (double[] Scale, double[][] Vectors, double[] Values) Estimate(
        IReadOnlyList<double[]> draws, IReadOnlyList<double[]> gradients, double[] currentScale, LowRankMetricOptions? lowRank)
    {
        int d = currentScale.Length, n = draws.Count;
        var meanDraw = new double[d];
        var meanGradient = new double[d];
        var scale = (double[])currentScale.Clone();
        if (n < 2) return (scale, [], []);
        for (int k = 0; k < n; k++)
            for (int i = 0; i < d; i++)
            {
                meanDraw[i] += draws[k][i] / n;
                meanGradient[i] += gradients[k][i] / n;
            }
        for (int i = 0; i < d; i++)
        {
            double sx = 0, sg = 0;
            for (int k = 0; k < n; k++)
            {
                sx += Square(draws[k][i] - meanDraw[i]);
                sg += Square(gradients[k][i] - meanGradient[i]);
            }
            double s = Math.Sqrt(Math.Sqrt(sx) / Math.Sqrt(sg)); // the 1/(n − 1) factors cancel
            if (s > 0 && double.IsFinite(s)) scale[i] = s;
        }
        if (lowRank is null) return (scale, [], []);

        var x = Matrix<double>.Build.Dense(d, n);
        var g = Matrix<double>.Build.Dense(d, n);
        for (int k = 0; k < n; k++)
            for (int i = 0; i < d; i++)
            {
                x[i, k] = (draws[k][i] - meanDraw[i]) / scale[i];
                g[i, k] = (gradients[k][i] - meanGradient[i]) * scale[i];
            }
        Matrix<double>? basis = 2 * n < d ? x.Append(g).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q : null;
        var xp = basis is null ? x : basis.TransposeThisAndMultiply(x);
        var gp = basis is null ? g : basis.TransposeThisAndMultiply(g);
        int r = xp.RowCount;
        var identity = Matrix<double>.Build.DenseIdentity(r);
        var a = xp.TransposeAndMultiply(xp) / n + lowRank.Regularization * identity;
        var b = gp.TransposeAndMultiply(gp) / n + lowRank.Regularization * identity;
        var diagonalOnly = (scale, Array.Empty<double[]>(), Array.Empty<double>());
        if (SquareRoots(b) is not { } bRoots) return diagonalOnly;
        var (bSqrt, bInverseSqrt) = bRoots;
        if (SquareRoots(Symmetric(bSqrt * a * bSqrt)) is not { } middle) return diagonalOnly;
        var sigma = Symmetric(bInverseSqrt * middle.Sqrt * bInverseSqrt);
        if (Eigen(sigma) is not { } eigen) return diagonalOnly;
        var (eigenvalues, eigenvectors) = eigen;
        var vectors = new List<double[]>();
        var values = new List<double>();
        double cutoff = lowRank.EigenvalueCutoff;
        for (int j = 0; j < r; j++)
        {
            double lambda = eigenvalues[j];
            if (!(lambda > cutoff || lambda < 1 / cutoff)) continue;
            var v = eigenvectors.Column(j);
            var u = basis is null ? v : basis * v;
            values.Add(lambda);
            vectors.Add(u.ToArray());
        }
        return (scale, vectors.ToArray(), values.ToArray());
    }

    /// <summary>
    /// The eigenvalues and eigenvectors of a symmetric positive definite <paramref name="m"/>, computed on m scaled by a power
    /// of two to a largest entry near 1; null when m has a non-finite entry or an eigenvalue that is not positive and finite.
    /// </summary>
    private static (double[] Values, Matrix<double> Vectors)? Eigen(Matrix<double> m)
    {
        double largest = 0;
        foreach (var v in m.Enumerate())
        {
            if (!double.IsFinite(v)) return null;
            largest = Math.Max(largest, Math.Abs(v));
        }
        if (!(largest > 0)) return null;
        // An even power of two, so that the scaling and the square roots inside the eigensolver are exact.
        int exponent = 2 * (Math.ILogB(largest) / 2);
        var evd = (m * Math.ScaleB(1, -exponent)).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var values = new double[m.RowCount];
        for (int j = 0; j < values.Length; j++)
        {
            values[j] = Math.ScaleB(evd.EigenValues[j].Real, exponent);
            if (!(values[j] > 0) || !double.IsFinite(values[j])) return null;
        }
        return (values, evd.EigenVectors);
    }

    /// <summary>B^(1/2) and B^(−1/2) of a symmetric positive definite B, by its eigendecomposition; null when that fails (<see cref="Eigen"/>).</summary>
    private static (Matrix<double> Sqrt, Matrix<double> InverseSqrt)? SquareRoots(Matrix<double> b)
    {
        if (Eigen(b) is not { } eigen) return null;
        var (values, v) = eigen;
        int r = b.RowCount;
        var root = new double[r];
        for (int j = 0; j < r; j++) root[j] = Math.Sqrt(values[j]);
        var sqrt = v * Matrix<double>.Build.DenseOfDiagonalArray(root) * v.Transpose();
        var inverseSqrt = v * Matrix<double>.Build.DenseOfDiagonalArray(root.Select(t => 1 / t).ToArray()) * v.Transpose();
        return (sqrt, inverseSqrt);
    }

    private static Matrix<double> Symmetric(Matrix<double> m) => (m + m.Transpose()) * 0.5;

    private static double Square(double v) => v * v;
}
