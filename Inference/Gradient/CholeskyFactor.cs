namespace Probabilistic.Inference;

/// <summary>The Cholesky factorization A = L Lᵀ of a symmetric positive-definite matrix (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., Alg. 4.2.2).</summary>
internal static class CholeskyFactor
{
    /// <summary>The lower-triangular L.</summary>
    /// <exception cref="InvalidOperationException">A is not positive definite.</exception>
    public static double[,] Lower(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double s = a[j, j];
            for (int k = 0; k < j; k++) s -= l[j, k] * l[j, k];
            if (!(s > 0)) throw new InvalidOperationException($"The metric is not positive definite (pivot {j} is {s:R}).");
            double ljj = Math.Sqrt(s);
            l[j, j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double t = a[i, j];
                for (int k = 0; k < j; k++) t -= l[i, k] * l[j, k];
                l[i, j] = t / ljj;
            }
        }
        return l;
    }
}
