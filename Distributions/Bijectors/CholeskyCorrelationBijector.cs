using static Probabilistic.RealMath;

namespace Probabilistic.Distributions;

/// <summary>
/// Stan's transform from ℝ^(K(K−1)/2) onto the Cholesky factors L of K×K correlation matrices
/// (lower triangular, positive diagonal, rows of unit Euclidean norm), through canonical partial
/// correlations (Stan Reference Manual, "Cholesky factors of correlation matrices"; Lewandowski,
/// Kurowicka &amp; Joe 2009). L is stored row-major as K·K coordinates (Lᵢⱼ at i·K + j, zeros above
/// the diagonal); the unconstrained coordinates fill the strictly lower triangle row by row:
/// (1,0), (2,0), (2,1), (3,0), … (0-based). With zᵢⱼ = tanh(uᵢⱼ) ∈ (−1, 1):
/// <list type="bullet">
/// <item>L₀₀ = 1;</item>
/// <item>Lᵢ₀ = zᵢ₀, and Lᵢⱼ = zᵢⱼ √(1 − Σⱼ'&lt;ⱼ Lᵢⱼ'²) for 0 &lt; j &lt; i;</item>
/// <item>Lᵢᵢ = √(1 − Σⱼ&lt;ᵢ Lᵢⱼ²).</item>
/// </list>
/// The Jacobian of u ↦ (the strictly lower entries) is triangular with diagonal
/// (1 − zᵢⱼ²) √(1 − Σⱼ'&lt;ⱼ Lᵢⱼ'²), so log |det J| = Σᵢⱼ log(1 − zᵢⱼ²) + ½ Σᵢ Σ₀&lt;ⱼ&lt;ᵢ log(1 − Σⱼ'&lt;ⱼ Lᵢⱼ'²).
/// Since 1 − Σⱼ'&lt;ⱼ Lᵢⱼ'² = Πⱼ'&lt;ⱼ (1 − zᵢⱼ'²), this is Σᵢⱼ ((i + 1 − j)/2) log(1 − zᵢⱼ²), and
/// log(1 − tanh² u) = log 4 + log σ(2u) + log σ(−2u) is evaluated without cancellation; the
/// remaining squared norm of a row is kept as a sum of these logarithms.
/// </summary>
/// <remarks>For K = 1 the only factor is (1) and there are no unconstrained coordinates.</remarks>
public sealed class CholeskyCorrelationBijector : Bijector
{
    private const double Log4 = 1.3862943611198906;

    /// <summary>The transform onto Cholesky factors of K×K correlation matrices, K ≥ 1.</summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public CholeskyCorrelationBijector(int k) => K = BijectorArguments.Dimension(nameof(CholeskyCorrelationBijector), k, 1);

    /// <summary>The order K of the matrices.</summary>
    public int K { get; }

    /// <inheritdoc />
    public override int UnconstrainedDimension => K * (K - 1) / 2;

    /// <inheritdoc />
    public override int ConstrainedDimension => K * K;

    /// <inheritdoc />
    public override Real Forward(ReadOnlySpan<Real> u, Span<Real> x)
    {
        BijectorArguments.Forward(this, u.Length, x.Length);
        x.Clear();
        x[0] = 1.0;
        Real logJ = 0.0;
        int m = 0;
        for (int i = 1; i < K; i++)
        {
            var row = x.Slice(i * K, K);
            Real logRemaining = 0.0; // log(1 − Σⱼ'<ⱼ Lᵢⱼ'²)
            for (int j = 0; j < i; j++)
            {
                Real v = u[m++];
                Real twoV = 2.0 * v;
                Real log1mZ2 = LogLogistic(twoV) + LogLogistic(-twoV) + Log4;
                Real z = Tanh(v);
                row[j] = j == 0 ? z : z * Exp(0.5 * logRemaining);
                logRemaining = logRemaining + log1mZ2;
                logJ = logJ + (0.5 * (i + 1 - j)) * log1mZ2;
            }
            row[i] = Exp(0.5 * logRemaining);
        }
        return logJ;
    }

    /// <summary>
    /// uᵢⱼ = atanh(zᵢⱼ) with zᵢⱼ = Lᵢⱼ / √rᵢⱼ, where rᵢⱼ = Σⱼ'₌ⱼⁱ Lᵢⱼ'² is the remaining squared norm
    /// of row i summed from the diagonal (equal to 1 − Σⱼ'&lt;ⱼ Lᵢⱼ'² on a unit row, without its
    /// cancellation); atanh z = sign(z) (log(1 + |z|) − ½ log(1 − z²)) with 1 − z² = rᵢ,ⱼ₊₁ / rᵢⱼ.
    /// Entries above the diagonal are not read. (A row whose norm is not exactly 1 is treated as
    /// normalized.)
    /// </summary>
    public override void Inverse(ReadOnlySpan<double> x, Span<double> u)
    {
        BijectorArguments.Inverse(this, x.Length, u.Length);
        for (int i = 1; i < K; i++)
        {
            var row = x.Slice(i * K, K);
            int rowStart = i * (i - 1) / 2;
            double after = row[i] * row[i]; // rᵢ,ⱼ₊₁
            for (int j = i - 1; j >= 0; j--)
            {
                double r = after + row[j] * row[j];
                double z = row[j] / Math.Sqrt(r);
                double atanh = Numerics.SpecialFunctions.Log1p(Math.Abs(z)) - 0.5 * Math.Log(after / r);
                u[rowStart + j] = z < 0 ? -atanh : atanh;
                after = r;
            }
        }
    }
}
