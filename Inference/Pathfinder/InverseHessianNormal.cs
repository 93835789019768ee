namespace Probabilistic.Inference;

/// <summary>
/// The normal approximation N(μ, Σ) at one iterate of Pathfinder (Zhang, Carpenter, Gelman &amp; Vehtari 2022, JMLR 23,
/// "Pathfinder: parallel quasi-Newton variational inference", Alg. 4 for the draws): Σ is the L-BFGS inverse Hessian in the
/// compact representation of Byrd, Nocedal &amp; Schnabel (1994, Math. Programming 63, Thm. 2.2),
/// Σ = diag(α) + β γ βᵀ with β = [diag(α) Z, S] (d × 2m) and
/// γ = [[0, −R⁻¹], [−R⁻ᵀ, R⁻ᵀ (E + Zᵀ diag(α) Z) R⁻¹]], where S and Z hold the last m position and
/// gradient-of-(−log p) differences, R is the upper triangle of SᵀZ and E its diagonal; μ = θ + Σ ∇log p(θ).
/// Draws use a thin QR factorization of diag(α)^{−½} β when 2m &lt; d (cost O(d m²)), a dense Cholesky factor otherwise.
/// </summary>
internal sealed class InverseHessianNormal
{
    private readonly double[] _alpha;
    private readonly double[,] _beta;   // d × 2m
    private readonly double[,] _gamma;  // 2m × 2m
    private readonly double[,]? _q;     // d × 2m, orthonormal columns (low-rank case)
    private readonly double[,]? _l;     // 2m × 2m (low-rank case) or d × d (dense case), lower triangular
    private readonly int _rank;

    private InverseHessianNormal(double[] mean, double[] alpha, double[,] beta, double[,] gamma, double[,]? q, double[,] l, double logDet)
    {
        Mean = mean;
        _alpha = alpha;
        _beta = beta;
        _gamma = gamma;
        _q = q;
        _l = l;
        _rank = beta.GetLength(1);
        LogDeterminant = logDet;
    }

    /// <summary>d.</summary>
    public int Dimension => Mean.Length;

    /// <summary>μ.</summary>
    public double[] Mean { get; }

    /// <summary>log det Σ.</summary>
    public double LogDeterminant { get; }

    /// <summary>
    /// Builds the approximation at θ with ∇ log p(θ) = <paramref name="gradient"/>, diagonal <paramref name="alpha"/> and the
    /// pairs (sⱼ, zⱼ) (oldest first); null when Σ is not positive definite in floating point.
    /// </summary>
    public static InverseHessianNormal? Create(double[] theta, double[] gradient, double[] alpha, IReadOnlyList<double[]> s, IReadOnlyList<double[]> z)
    {
        int d = theta.Length, m = s.Count, r = 2 * m;
        var beta = new double[d, r];
        var gamma = new double[r, r];
        if (m > 0)
        {
            // R (upper triangle of SᵀZ), its inverse, and E + Zᵀ diag(α) Z.
            var rInv = new double[m, m];
            var upper = new double[m, m];
            for (int i = 0; i < m; i++)
                for (int j = i; j < m; j++) upper[i, j] = LbfgsPath.Dot(s[i], z[j]);
            for (int i = 0; i < m; i++)
                if (!(upper[i, i] > 0)) return null;
            // Back substitution, column by column: R X = I.
            for (int col = 0; col < m; col++)
                for (int i = m - 1; i >= 0; i--)
                {
                    double v = i == col ? 1 : 0;
                    for (int k = i + 1; k < m; k++) v -= upper[i, k] * rInv[k, col];
                    rInv[i, col] = v / upper[i, i];
                }
            var middle = new double[m, m];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                {
                    double v = i == j ? upper[i, i] : 0;
                    for (int k = 0; k < d; k++) v += z[i][k] * alpha[k] * z[j][k];
                    middle[i, j] = v;
                }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                {
                    gamma[i, m + j] = -rInv[i, j];
                    gamma[m + j, i] = -rInv[i, j];
                    double v = 0;
                    for (int a = 0; a < m; a++)
                        for (int b = 0; b < m; b++) v += rInv[a, i] * middle[a, b] * rInv[b, j];
                    gamma[m + i, m + j] = v;
                }
            for (int k = 0; k < d; k++)
                for (int j = 0; j < m; j++)
                {
                    beta[k, j] = alpha[k] * z[j][k];
                    beta[k, m + j] = s[j][k];
                }
        }
        // μ = θ + Σ ∇log p.
        var mean = (double[])theta.Clone();
        var sigmaG = new double[d];
        Multiply(alpha, beta, gamma, gradient, sigmaG);
        for (int k = 0; k < d; k++) mean[k] += sigmaG[k];
        double logAlpha = 0;
        foreach (var a in alpha) logAlpha += Math.Log(a);
        if (r >= d)
        {
            var sigma = Dense(alpha, beta, gamma);
            if (!CholeskyFactor.TryLower(sigma, out var l, out _, out _)) return null;
            double logDet = 0;
            for (int i = 0; i < d; i++) logDet += 2 * Math.Log(l[i, i]);
            return new InverseHessianNormal(mean, alpha, beta, gamma, null, l, logDet);
        }
        // Thin QR of diag(α)^{−½} β, then L Lᵀ = I + R γ Rᵀ.
        var scaled = new double[d, r];
        for (int k = 0; k < d; k++)
            for (int j = 0; j < r; j++) scaled[k, j] = beta[k, j] / Math.Sqrt(alpha[k]);
        var (q, rr) = ThinQr(scaled);
        var inner = new double[r, r];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++)
            {
                double v = i == j ? 1 : 0;
                for (int a = 0; a < r; a++)
                {
                    if (rr[i, a] == 0) continue;
                    for (int b = 0; b < r; b++) v += rr[i, a] * gamma[a, b] * rr[j, b];
                }
                inner[i, j] = v;
            }
        if (!CholeskyFactor.TryLower(inner, out var li, out _, out _)) return null;
        double logDetInner = 0;
        for (int i = 0; i < r; i++) logDetInner += 2 * Math.Log(li[i, i]);
        return new InverseHessianNormal(mean, alpha, beta, gamma, q, li, logAlpha + logDetInner);
    }

    /// <summary>Draws φ ~ N(μ, Σ) into <paramref name="phi"/> and returns log q(φ).</summary>
    public double Draw(Rng rng, Span<double> phi)
    {
        int d = Dimension;
        var u = new double[d];
        double uu = 0;
        for (int i = 0; i < d; i++) { u[i] = rng.NextGaussian(); uu += u[i] * u[i]; }
        if (_q is null)
        {
            for (int i = 0; i < d; i++)
            {
                double v = 0;
                for (int k = 0; k <= i; k++) v += _l![i, k] * u[k];
                phi[i] = Mean[i] + v;
            }
        }
        else
        {
            // φ = μ + diag(α)^{½} (Q (L − I) Qᵀ u + u).
            int r = _rank;
            var qtu = new double[r];
            for (int j = 0; j < r; j++)
            {
                double v = 0;
                for (int k = 0; k < d; k++) v += _q[k, j] * u[k];
                qtu[j] = v;
            }
            var w = new double[r];
            for (int i = 0; i < r; i++)
            {
                double v = -qtu[i];
                for (int k = 0; k <= i; k++) v += _l![i, k] * qtu[k];
                w[i] = v;
            }
            for (int k = 0; k < d; k++)
            {
                double v = u[k];
                for (int j = 0; j < r; j++) v += _q[k, j] * w[j];
                phi[k] = Mean[k] + Math.Sqrt(_alpha[k]) * v;
            }
        }
        return -0.5 * (LogDeterminant + uu + d * Math.Log(2 * Math.PI));
    }

    /// <summary>Σ as a dense matrix.</summary>
    public double[,] Covariance() => Dense(_alpha, _beta, _gamma);

    /// <summary>The diagonal of Σ.</summary>
    public double[] Variances()
    {
        int d = Dimension, r = _rank;
        var v = (double[])_alpha.Clone();
        for (int k = 0; k < d; k++)
            for (int a = 0; a < r; a++)
                for (int b = 0; b < r; b++) v[k] += _beta[k, a] * _gamma[a, b] * _beta[k, b];
        return v;
    }

    private static double[,] Dense(double[] alpha, double[,] beta, double[,] gamma)
    {
        int d = alpha.Length, r = beta.GetLength(1);
        var bg = new double[d, r];
        for (int k = 0; k < d; k++)
            for (int j = 0; j < r; j++)
            {
                double v = 0;
                for (int a = 0; a < r; a++) v += beta[k, a] * gamma[a, j];
                bg[k, j] = v;
            }
        var sigma = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = i == j ? alpha[i] : 0;
                for (int a = 0; a < r; a++) v += bg[i, a] * beta[j, a];
                sigma[i, j] = v;
                sigma[j, i] = v;
            }
        return sigma;
    }

    private static void Multiply(double[] alpha, double[,] beta, double[,] gamma, double[] x, double[] result)
    {
        int d = alpha.Length, r = beta.GetLength(1);
        var btx = new double[r];
        for (int j = 0; j < r; j++)
            for (int k = 0; k < d; k++) btx[j] += beta[k, j] * x[k];
        var gbtx = new double[r];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++) gbtx[i] += gamma[i, j] * btx[j];
        for (int k = 0; k < d; k++)
        {
            double v = alpha[k] * x[k];
            for (int j = 0; j < r; j++) v += beta[k, j] * gbtx[j];
            result[k] = v;
        }
    }

    /// <summary>Householder thin QR of a d × r matrix, r &lt; d (Golub &amp; Van Loan Alg. 5.2.1): Q (d × r, orthonormal columns) and R (r × r, upper).</summary>
    private static (double[,] Q, double[,] R) ThinQr(double[,] a)
    {
        int d = a.GetLength(0), r = a.GetLength(1);
        var work = (double[,])a.Clone();
        var vs = new double[r][];
        for (int j = 0; j < r; j++)
        {
            var v = new double[d];
            double norm = 0;
            for (int i = j; i < d; i++) norm += work[i, j] * work[i, j];
            norm = Math.Sqrt(norm);
            if (norm == 0) { vs[j] = v; continue; }
            double alpha = work[j, j] > 0 ? -norm : norm;
            for (int i = j; i < d; i++) v[i] = work[i, j];
            v[j] -= alpha;
            double vnorm = 0;
            for (int i = j; i < d; i++) vnorm += v[i] * v[i];
            vnorm = Math.Sqrt(vnorm);
            if (vnorm == 0) { vs[j] = new double[d]; continue; }
            for (int i = j; i < d; i++) v[i] /= vnorm;
            vs[j] = v;
            for (int c = j; c < r; c++)
            {
                double dot = 0;
                for (int i = j; i < d; i++) dot += v[i] * work[i, c];
                for (int i = j; i < d; i++) work[i, c] -= 2 * v[i] * dot;
            }
        }
        var rr = new double[r, r];
        for (int i = 0; i < r; i++)
            for (int j = i; j < r; j++) rr[i, j] = work[i, j];
        // Q = H₀ H₁ … H_{r−1} applied to the first r columns of I.
        var q = new double[d, r];
        for (int j = 0; j < r; j++) q[j, j] = 1;
        for (int h = r - 1; h >= 0; h--)
        {
            var v = vs[h];
            for (int c = 0; c < r; c++)
            {
                double dot = 0;
                for (int i = h; i < d; i++) dot += v[i] * q[i, c];
                if (dot == 0) continue;
                for (int i = h; i < d; i++) q[i, c] -= 2 * v[i] * dot;
            }
        }
        return (q, rr);
    }
}
