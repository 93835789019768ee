using Probabilistic.Numerics;

namespace Probabilistic;

// Linear algebra on Real matrices and vectors, as a Stan user writes it (Stan Functions Reference,
// "Matrix operations": dot_product, multiply, cholesky_decompose, mdivide_left_tri_low,
// gp_exp_quad_cov and friends). Dot products are one tape node each (analytic partials, replayable
// through DotKernel); the factorization and the triangular solves are built from those nodes and the
// replayable scalar operations, so every result stays on the compiled path. Matrices are row-major
// Real[,] (a constant entry costs what a double costs).
public static partial class RealMath
{
    /// <summary>Symmetry tolerance of <see cref="Cholesky"/>: |aᵢⱼ − aⱼᵢ| ≤ 1e−8·max(1, |aᵢⱼ|, |aⱼᵢ|) (Stan's constraint tolerance).</summary>
    private const double SymmetryTolerance = 1e-8;

    /// <summary>Σᵢ aᵢbᵢ of two vectors of values, as one node: ∂/∂aᵢ = bᵢ, ∂/∂bᵢ = aᵢ (Stan's <c>dot_product</c>).</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real Dot(ReadOnlySpan<Real> a, ReadOnlySpan<Real> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"RealMath.Dot: {nameof(a)} has length {a.Length} but {nameof(b)} has length {b.Length}.", nameof(b));
        double v = 0;
        for (int i = 0; i < a.Length; i++) v += a[i].Value * b[i].Value;
        var t = Tape.Common(b, Tape.Common(a));
        if (t is null) return new Real(v);
        int start = t.BeginWide();
        for (int i = 0; i < a.Length; i++) t.AddWide(a[i], b[i].Value);
        for (int i = 0; i < b.Length; i++) t.AddWide(b[i], a[i].Value);
        var result = t.EndWide(v, start);
        if (t.IsRecording)
        {
            var operands = new Real[2 * a.Length];
            a.CopyTo(operands);
            b.CopyTo(operands.AsSpan(a.Length));
            Tape.Describe(result, DotKernel.Instance, operands);
        }
        return result;
    }

    /// <summary>The product A·v of a matrix and a vector of values: one <see cref="Dot(ReadOnlySpan{Real}, ReadOnlySpan{Real})"/> node per row (Stan's <c>multiply</c>).</summary>
    /// <exception cref="ArgumentException">A has a column count other than v's length.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real[] MatVec(Real[,] a, ReadOnlySpan<Real> v)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0), d = a.GetLength(1);
        if (d != v.Length)
            throw new ArgumentException($"RealMath.MatVec: {nameof(a)} has {d} columns but {nameof(v)} has length {v.Length}.", nameof(v));
        var result = new Real[n];
        var row = new Real[d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) row[j] = a[i, j];
            result[i] = Dot(row, v);
        }
        return result;
    }

    /// <summary>
    /// The lower Cholesky factor L of a symmetric positive-definite matrix A = L·Lᵀ, from its lower triangle (Stan's
    /// <c>cholesky_decompose</c>), column by column (Cholesky–Crout; G. H. Golub &amp; C. F. Van Loan, <i>Matrix
    /// Computations</i>, 4th ed., Algorithm 4.2.1). Gradients flow to A's entries; each entry of L is a dot-product
    /// node and a square root or a division, all replayable.
    /// </summary>
    /// <exception cref="ArgumentException">A is not square, has a non-finite entry, is not symmetric (to 1e−8 relative), or is not
    /// positive definite (the message names the row where a pivot is ≤ 0).</exception>
    public static Real[,] Cholesky(Real[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int k = a.GetLength(0);
        if (a.GetLength(1) != k)
            throw new ArgumentException($"RealMath.Cholesky: the matrix must be square, but is {k}×{a.GetLength(1)}.", nameof(a));
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double x = a[i, j].Value, y = a[j, i].Value;
                if (!double.IsFinite(x))
                    throw new ArgumentException($"RealMath.Cholesky: entry [{i},{j}] is {x:R}; entries must be finite.", nameof(a));
                if (Math.Abs(x - y) > SymmetryTolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y))))
                    throw new ArgumentException($"RealMath.Cholesky: the matrix is not symmetric: [{i},{j}] = {x:R} but [{j},{i}] = {y:R}.", nameof(a));
            }
        var l = new Real[k, k];
        var left = new Real[k];
        var right = new Real[k];
        for (int j = 0; j < k; j++)
        {
            for (int m = 0; m < j; m++) left[m] = l[j, m];
            var s = a[j, j] - Dot(left.AsSpan(0, j), left.AsSpan(0, j));
            if (!(s.Value > 0))
                throw new ArgumentException($"RealMath.Cholesky: the matrix is not positive definite: the pivot at row {j} is {s.Value:R} (the leading {j + 1}×{j + 1} block is not positive definite).", nameof(a));
            var d = Sqrt(s);
            l[j, j] = d;
            for (int i = j + 1; i < k; i++)
            {
                for (int m = 0; m < j; m++) right[m] = l[i, m];
                l[i, j] = (a[i, j] - Dot(right.AsSpan(0, j), left.AsSpan(0, j))) / d;
            }
        }
        return l;
    }

    /// <summary>x solving L·x = b for a lower-triangular L (entries above the diagonal are not read), by forward substitution (Stan's <c>mdivide_left_tri_low</c>).</summary>
    /// <exception cref="ArgumentException">L is not square or its size differs from b's length.</exception>
    public static Real[] SolveLowerTriangular(Real[,] l, ReadOnlySpan<Real> b)
    {
        int k = TriangularSize(nameof(SolveLowerTriangular), l, b.Length);
        var x = new Real[k];
        var row = new Real[k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < i; j++) row[j] = l[i, j];
            x[i] = (b[i] - Dot(row.AsSpan(0, i), x.AsSpan(0, i))) / l[i, i];
        }
        return x;
    }

    /// <summary>x solving U·x = b for an upper-triangular U (entries below the diagonal are not read), by back substitution; with U = Lᵀ, the second half of a solve with L·Lᵀ.</summary>
    /// <exception cref="ArgumentException">U is not square or its size differs from b's length.</exception>
    public static Real[] SolveUpperTriangular(Real[,] u, ReadOnlySpan<Real> b)
    {
        int k = TriangularSize(nameof(SolveUpperTriangular), u, b.Length);
        var x = new Real[k];
        var row = new Real[k];
        for (int i = k - 1; i >= 0; i--)
        {
            int m = k - 1 - i;
            for (int j = 0; j < m; j++) row[j] = u[i, i + 1 + j];
            x[i] = (b[i] - Dot(row.AsSpan(0, m), x.AsSpan(i + 1, m))) / u[i, i];
        }
        return x;
    }

    private static int TriangularSize(string function, Real[,] t, int n)
    {
        ArgumentNullException.ThrowIfNull(t);
        int k = t.GetLength(0);
        if (t.GetLength(1) != k || k != n)
            throw new ArgumentException($"RealMath.{function}: the matrix is {k}×{t.GetLength(1)} and the right-hand side has length {n}; the matrix must be {n}×{n}.", nameof(t));
        return k;
    }

    /// <summary>
    /// The squared exponential covariance Kᵢⱼ = α² exp(−(xᵢ − xⱼ)²/(2ρ²)) of the points x (Stan's <c>gp_exp_quad_cov</c>,
    /// formerly <c>cov_exp_quad</c>; C. E. Rasmussen &amp; C. K. I. Williams, <i>Gaussian Processes for Machine Learning</i>, 2006, eq. 4.9).
    /// Each entry is one node in α and ρ. Add a jitter to the diagonal before factoring (<see cref="Cholesky"/>).
    /// </summary>
    /// <exception cref="ArgumentException">α or ρ is not positive and finite.</exception>
    public static Real[,] CovExpQuad(ReadOnlySpan<double> x, Real alpha, Real rho) => Covariance(nameof(CovExpQuad), CovarianceKernel.ExpQuad, x, alpha, rho);

    /// <summary>The exponential (Ornstein–Uhlenbeck, Matérn ν = ½) covariance Kᵢⱼ = α² exp(−|xᵢ − xⱼ|/ρ) (Stan's <c>gp_exponential_cov</c>; Rasmussen &amp; Williams eq. 4.18).</summary>
    /// <exception cref="ArgumentException">α or ρ is not positive and finite.</exception>
    public static Real[,] CovExponential(ReadOnlySpan<double> x, Real alpha, Real rho) => Covariance(nameof(CovExponential), CovarianceKernel.Exponential, x, alpha, rho);

    /// <summary>The Matérn ν = 3/2 covariance Kᵢⱼ = α²(1 + √3·d/ρ) exp(−√3·d/ρ), d = |xᵢ − xⱼ| (Stan's <c>gp_matern32_cov</c>; Rasmussen &amp; Williams eq. 4.17).</summary>
    /// <exception cref="ArgumentException">α or ρ is not positive and finite.</exception>
    public static Real[,] CovMatern32(ReadOnlySpan<double> x, Real alpha, Real rho) => Covariance(nameof(CovMatern32), CovarianceKernel.Matern32, x, alpha, rho);

    private static Real[,] Covariance(string function, int kind, ReadOnlySpan<double> x, Real alpha, Real rho)
    {
        if (!(alpha.Value > 0 && double.IsFinite(alpha.Value)))
            throw new ArgumentException($"RealMath.{function}: alpha must be positive and finite, but is {alpha.Value:R}.", nameof(alpha));
        if (!(rho.Value > 0 && double.IsFinite(rho.Value)))
            throw new ArgumentException($"RealMath.{function}: rho must be positive and finite, but is {rho.Value:R}.", nameof(rho));
        int n = x.Length;
        var k = new Real[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double d = Math.Abs(x[i] - x[j]);
                double v = CovarianceKernel.Value(kind, d, alpha.Value, rho.Value, out double dAlpha, out double dRho);
                var entry = Tape.Record(v, alpha, dAlpha, rho, dRho);
                if (entry.Tape is { IsRecording: true }) Tape.Describe(entry, CovarianceKernel.Instance, [alpha, rho], [kind, d]);
                k[i, j] = entry;
                k[j, i] = entry;
            }
        return k;
    }
}

/// <summary>Replay of <see cref="RealMath.Dot(ReadOnlySpan{Real}, ReadOnlySpan{Real})"/>: operands a₀ … aₙ₋₁ then b₀ … bₙ₋₁.</summary>
internal sealed class DotKernel : IReplayKernel
{
    public static readonly DotKernel Instance = new();

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
    {
        int n = operands.Length / 2;
        var a = operands[..n];
        var b = operands[n..];
        b.CopyTo(partials);
        a.CopyTo(partials[n..]);
        double v = 0; // in the record site's order, so that a replay equals a fresh tape bit for bit
        for (int i = 0; i < n; i++) v += a[i] * b[i];
        return v;
    }
}

/// <summary>One entry of a stationary covariance in α and ρ: operands (α, ρ), constants (kind, distance d).</summary>
internal sealed class CovarianceKernel : IReplayKernel
{
    public const int ExpQuad = 0, Exponential = 1, Matern32 = 2;
    private static readonly double Sqrt3 = Math.Sqrt(3);
    public static readonly CovarianceKernel Instance = new();

    /// <summary>The entry α²·f(d/ρ) and its partials 2α·f and α²·f′·(−d/ρ²).</summary>
    public static double Value(int kind, double d, double alpha, double rho, out double dAlpha, out double dRho)
    {
        double a2 = alpha * alpha, f, dfdRho;
        switch (kind)
        {
            case ExpQuad:
            {
                double q = d * d / (rho * rho);
                f = Math.Exp(-0.5 * q);
                dfdRho = f * q / rho;
                break;
            }
            case Exponential:
            {
                double r = d / rho;
                f = Math.Exp(-r);
                dfdRho = f * r / rho;
                break;
            }
            default:
            {
                double r = Sqrt3 * d / rho, e = Math.Exp(-r);
                f = (1 + r) * e;
                dfdRho = r * r * e / rho;
                break;
            }
        }
        dAlpha = 2 * alpha * f;
        dRho = a2 * dfdRho;
        return a2 * f;
    }

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials) =>
        Value((int)constants[0], constants[1], operands[0], operands[1], out partials[0], out partials[1]);
}
