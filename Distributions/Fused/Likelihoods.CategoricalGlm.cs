using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

// Multinomial logistic regression fused into one tape node (Stan math's categorical_logit_glm_lpmf), computed by
// CategoricalGlmKernels; a recording tape describes the node with a replay kernel holding a copy of the data.
public static partial class Likelihoods
{
    /// <summary>
    /// Σᵢ log Categorical(yᵢ | softmax(α + xᵢ·β)), Stan's <c>categorical_logit_glm_lpmf(y | x, alpha, beta)</c>:
    /// multinomial logistic regression as one node, with ∂/∂α_k = Σᵢ rᵢₖ and ∂/∂β_{jk} = Σᵢ xᵢⱼ rᵢₖ for the residuals
    /// rᵢₖ = [yᵢ = k] − softmax(ηᵢ)_k, ηᵢ = α + xᵢ·β (each term computed as a log-softmax that cannot overflow).
    /// </summary>
    /// <param name="y">The N outcomes, each a category in <b>1 … K</b> as in Stan (not 0-based like <see cref="Categorical"/>).</param>
    /// <param name="x">The N×D design matrix (row i is xᵢ): a <c>double[,]</c>, or a <see cref="DataMatrix"/> view of a row-major <c>double[]</c>.</param>
    /// <param name="alpha">The K intercepts α.</param>
    /// <param name="beta">The D×K coefficient matrix β (column k holds category k's coefficients).</param>
    /// <exception cref="ArgumentException">There are no categories, the shapes disagree (x must be N×D and β D×K), or an
    /// outcome lies outside 1 … K (the message names the row and the value).</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real CategoricalLogitGlm(ReadOnlySpan<int> y, DataMatrix x, ReadOnlySpan<Real> alpha, Real[,] beta)
    {
        ArgumentNullException.ThrowIfNull(beta);
        int d = beta.GetLength(0), k = beta.GetLength(1);
        if (k != alpha.Length)
            throw new ArgumentException(
                $"Likelihoods.{nameof(CategoricalLogitGlm)}: beta is {d}×{k}, but alpha has {alpha.Length} entries, so beta must have {alpha.Length} columns (one per category).", nameof(beta));
        var flat = new Real[d * k];
        for (int j = 0; j < d; j++)
            for (int c = 0; c < k; c++) flat[j * k + c] = beta[j, c];
        return CategoricalLogitGlm(y, x, alpha, flat);
    }

    /// <summary>
    /// <see cref="CategoricalLogitGlm(ReadOnlySpan{int}, DataMatrix, ReadOnlySpan{Real}, Real[,])"/> with β given row-major as
    /// D·K values (β_{jk} at j·K + k), e.g. straight from <c>Plate("beta", D * K, …)</c>.
    /// </summary>
    /// <param name="y">The N outcomes, each a category in <b>1 … K</b> as in Stan.</param>
    /// <param name="x">The N×D design matrix (row i is xᵢ).</param>
    /// <param name="alpha">The K intercepts α.</param>
    /// <param name="beta">The D×K coefficients, row-major (D = x's column count).</param>
    /// <exception cref="ArgumentException">There are no categories, the shapes disagree, or an outcome lies outside 1 … K.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real CategoricalLogitGlm(ReadOnlySpan<int> y, DataMatrix x, ReadOnlySpan<Real> alpha, ReadOnlySpan<Real> beta)
    {
        const string function = nameof(CategoricalLogitGlm);
        int k = alpha.Length, d = x.ColumnCount, n = y.Length;
        if (k == 0)
            throw new ArgumentException($"Likelihoods.{function}: alpha is empty; there must be at least one category.", nameof(alpha));
        if (x.RowCount != n)
            throw new ArgumentException($"Likelihoods.{function}: x has {x.RowCount} rows, but y has {n} entries.", nameof(x));
        if (beta.Length != d * k)
            throw new ArgumentException(
                $"Likelihoods.{function}: beta has {beta.Length} entries, but x has {d} columns and alpha {k} categories, so beta must be {d}×{k} = {d * k}.", nameof(beta));
        for (int i = 0; i < n; i++)
            if (y[i] < 1 || y[i] > k)
                throw new ArgumentException($"Likelihoods.{function}: y[{i}] = {y[i]}, but outcomes must be categories 1 … {k} (Stan's convention).", nameof(y));
        var rows = x.Span;
        int size = k + d * k;
        Span<double> buffer = 2 * size <= 2 * StackParameters ? stackalloc double[2 * size] : new double[2 * size];
        Span<double> values = buffer[..size], partials = buffer[size..];
        for (int c = 0; c < k; c++) values[c] = alpha[c].Value;
        for (int m = 0; m < d * k; m++) values[k + m] = beta[m].Value;
        double v = CategoricalGlmKernels.Evaluate(y, 1, rows, d, k, values, partials);
        var t = Tape.Common(beta, Tape.Common(alpha));
        if (t is null) return new Real(v);
        int start = t.BeginWide();
        for (int c = 0; c < k; c++) t.AddWide(alpha[c], partials[c]);
        for (int m = 0; m < d * k; m++) t.AddWide(beta[m], partials[k + m]);
        var result = t.EndWide(v, start);
        if (t.IsRecording)
        {
            var operands = new Real[size]; // allocates, but only while a tape records a program
            alpha.CopyTo(operands);
            beta.CopyTo(operands.AsSpan(k));
            Tape.Describe(result, new CategoricalLogitGlmKernel(y.ToArray(), rows.ToArray(), d, k), operands);
        }
        return result;
    }
}
