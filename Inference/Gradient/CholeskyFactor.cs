namespace Probabilistic.Inference;

/// <summary>The Cholesky factorization A = L Lᵀ of a symmetric positive-definite matrix (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., Alg. 4.2.2).</summary>
internal static class CholeskyFactor
{
    /// <summary>The lower-triangular L.</summary>
    /// <exception cref="InvalidOperationException">A is not positive definite.</exception>
    public static double[,] Lower(double[,] a)
    {
        if (!TryLower(a, out var l, out int pivot, out double value))
            throw new InvalidOperationException($"The metric is not positive definite (pivot {pivot} is {value:R}).");
        return l;
    }

    /// <summary>
    /// The lower-triangular L, or false when A is not positive definite: then <paramref name="failedPivot"/> is the first
    /// column whose pivot (Aⱼⱼ − Σₖ Lⱼₖ², which must be positive) is <paramref name="pivotValue"/>.
    /// </summary>
    public static bool TryLower(double[,] a, out double[,] l, out int failedPivot, out double pivotValue)
    {
        int n = a.GetLength(0);
        l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double s = a[j, j];
            for (int k = 0; k < j; k++) s -= l[j, k] * l[j, k];
            if (!(s > 0))
            {
                (failedPivot, pivotValue) = (j, s);
                return false;
            }
            double ljj = Math.Sqrt(s);
            l[j, j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double t = a[i, j];
                for (int k = 0; k < j; k++) t -= l[i, k] * l[j, k];
                l[i, j] = t / ljj;
            }
        }
        (failedPivot, pivotValue) = (-1, 0);
        return true;
    }

    /// <summary>Solves L Lᵀ x = b for x, given L (forward then back substitution).</summary>
    public static double[] Solve(double[,] l, ReadOnlySpan<double> b)
    {
        int n = l.GetLength(0);
        var x = b.ToArray();
        for (int i = 0; i < n; i++)
        {
            double s = x[i];
            for (int k = 0; k < i; k++) s -= l[i, k] * x[k];
            x[i] = s / l[i, i];
        }
        SolveUpperTransposed(l, x);
        return x;
    }

    /// <summary>Solves Lᵀ x = b in place (<paramref name="x"/> holds b on entry): back substitution.</summary>
    public static void SolveUpperTransposed(double[,] l, Span<double> x)
    {
        int n = l.GetLength(0);
        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
    }
}
