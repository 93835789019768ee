namespace Probabilistic.Distributions.Multivariate;

/// <summary>
/// Dense Cholesky factorization A = L·Lᵀ and lower-triangular inversion on <see cref="Real"/>, so that
/// gradients flow from a factor back to the matrix entries (each entry is a few tape nodes; a
/// constant matrix costs what doubles cost). Column-by-column (Cholesky–Crout) order: G. H. Golub &amp;
/// C. F. Van Loan, <i>Matrix Computations</i>, 4th ed., Algorithm 4.2.1. Factors are stored flat,
/// row-major, K·K entries with zeros above the diagonal.
/// </summary>
internal static class RealCholesky
{
    /// <summary>Symmetry tolerance: |aᵢⱼ − aⱼᵢ| ≤ 1e−8·max(1, |aᵢⱼ|, |aⱼᵢ|) (Stan's constraint tolerance, relative for large entries).</summary>
    private const double SymmetryTolerance = 1e-8;

    /// <summary>
    /// The lower factor L of a symmetric positive-definite K×K matrix, from its lower triangle; with
    /// <paramref name="reversed"/>, of the matrix with rows and columns in reverse order (for the
    /// precision parameterization). Throws, naming <paramref name="parameter"/> and where it failed,
    /// if the matrix is not square of size <paramref name="k"/>, has a non-finite entry, is not
    /// symmetric, or is not positive definite (a pivot ≤ 0).
    /// </summary>
    public static Real[] Factor(string distribution, string parameter, Real[,] a, int k, bool reversed = false)
    {
        CheckSymmetric(distribution, parameter, a, k);
        var l = new Real[k * k];
        for (int i = 0; i < l.Length; i++) l[i] = 0.0;
        for (int j = 0; j < k; j++)
        {
            Real s = Entry(a, j, j, k, reversed);
            for (int m = 0; m < j; m++) s -= RealMath.Square(l[j * k + m]);
            if (!(s.Value > 0))
            {
                string where = reversed
                    ? $"at row {k - 1 - j}, factorizing from the last row up (the trailing block from row {k - 1 - j} is not positive definite; pivot {s.Value:R})"
                    : $"at row {j} (the leading {j + 1}×{j + 1} block is not positive definite; pivot {s.Value:R})";
                throw new ArgumentException($"{distribution}: {parameter} is not positive definite: the Cholesky factorization fails {where}.", parameter);
            }
            var d = RealMath.Sqrt(s);
            l[j * k + j] = d;
            for (int i = j + 1; i < k; i++)
            {
                Real t = Entry(a, i, j, k, reversed);
                for (int m = 0; m < j; m++) t -= l[i * k + m] * l[j * k + m];
                l[i * k + j] = t / d;
            }
        }
        return l;
    }

    private static Real Entry(Real[,] a, int i, int j, int k, bool reversed) =>
        reversed ? a[k - 1 - i, k - 1 - j] : a[i, j];

    private static void CheckSymmetric(string distribution, string parameter, Real[,] a, int k)
    {
        if (a.GetLength(0) != k || a.GetLength(1) != k)
            throw new ArgumentException($"{distribution}: {parameter} must be {k}×{k} to match the mean, but is {a.GetLength(0)}×{a.GetLength(1)}.", parameter);
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double x = a[i, j].Value, y = a[j, i].Value;
                if (!double.IsFinite(x))
                    throw new ArgumentException($"{distribution}: {parameter}[{i},{j}] must be finite, but is {x:R}.", parameter);
                if (!double.IsFinite(y))
                    throw new ArgumentException($"{distribution}: {parameter}[{j},{i}] must be finite, but is {y:R}.", parameter);
                if (Math.Abs(x - y) > SymmetryTolerance * Math.Max(1.0, Math.Max(Math.Abs(x), Math.Abs(y))))
                    throw new ArgumentException($"{distribution}: {parameter} must be symmetric, but {parameter}[{i},{j}] = {x:R} and {parameter}[{j},{i}] = {y:R}.", parameter);
            }
    }

    /// <summary>
    /// The scale factor of the precision Ω = R·Rᵀ with R upper triangular, R = J·C·J where C is the
    /// Cholesky factor of Ω with rows and columns reversed (J the reversal): L = (Rᵀ)⁻¹ is lower
    /// triangular with positive diagonal and L·Lᵀ = (R·Rᵀ)⁻¹ = Ω⁻¹ (as PyTorch's
    /// <c>_precision_to_scale_tril</c>).
    /// </summary>
    public static Real[] ScaleFromPrecision(string distribution, string parameter, Real[,] precision, int k)
    {
        var c = Factor(distribution, parameter, precision, k, reversed: true);
        // M = Rᵀ, lower: Mᵢⱼ = Rⱼᵢ = C[k−1−j, k−1−i].
        var l = new Real[k * k];
        for (int i = 0; i < l.Length; i++) l[i] = 0.0;
        for (int j = 0; j < k; j++)
        {
            l[j * k + j] = 1.0 / M(c, j, j, k);
            for (int i = j + 1; i < k; i++)
            {
                Real s = 0.0;
                for (int m = j; m < i; m++) s += M(c, i, m, k) * l[m * k + j];
                l[i * k + j] = -s / M(c, i, i, k);
            }
        }
        return l;
    }

    private static Real M(Real[] c, int i, int j, int k) => c[(k - 1 - j) * k + (k - 1 - i)];
}
