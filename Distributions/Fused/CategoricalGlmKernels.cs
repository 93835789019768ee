using System.Numerics;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

// The fused multinomial-logit regression likelihood of Likelihoods.CategoricalLogitGlm (Stan math's
// categorical_logit_glm_lpmf): Σᵢ [η_{i,yᵢ} − log Σₖ exp η_{ik}] with ηᵢ = α + xᵢ·β, in one pass over the rows of the
// row-major design matrix in blocks that stay in the L1 cache — for each class k the block's linear predictors
// α_k + X·β_{·k} (GlmKernels.LinearPredictor, four rows at a time with Vector<double> lanes), then the log-softmax terms
// and the residuals ∂lp/∂η_{ik} = [yᵢ = k] − softmax(ηᵢ)_k across rows with Vector<double> lanes, then Xᵀ·residual into
// ∂lp/∂β_{·k} from the same cached rows (GlmKernels.AddTransposed). Record site and replay kernel call the same code, so
// a replay equals a fresh tape bit for bit.
internal static class CategoricalGlmKernels
{
    // At most this many doubles of linear predictors per block (rows × classes): 8 KB, on the stack.
    private const int BlockDoubles = 1024;

    /// <summary>
    /// Σᵢ log softmax(α + xᵢβ)_{yᵢ − first} for categories yᵢ numbered from <paramref name="first"/>, with βᵀ given class by class (K×D, row-major):
    /// writes ∂/∂α into <paramref name="dAlpha"/> and ∂/∂βᵀ into <paramref name="dBetaT"/> (K×D).
    /// </summary>
    public static double CategoricalLogit(ReadOnlySpan<int> y, int first, ReadOnlySpan<double> x, int d, ReadOnlySpan<double> alpha,
        ReadOnlySpan<double> betaT, Span<double> dAlpha, Span<double> dBetaT)
    {
        int n = y.Length, k = alpha.Length;
        dAlpha.Clear();
        dBetaT.Clear();
        // Rows per block: a multiple of 4 (LinearPredictor's row groups) up to 64, so that rows × K fits in BlockDoubles.
        int block = Math.Clamp(BlockDoubles / k / 4 * 4, 4, 64);
        Span<double> eta = block * k <= BlockDoubles ? stackalloc double[BlockDoubles] : new double[block * k];
        Span<double> yd = stackalloc double[64];
        double lp = 0;
        for (int start = 0; start < n; start += block)
        {
            int m = Math.Min(block, n - start);
            var rows = x.Slice(start * d, m * d);
            for (int c = 0; c < k; c++) GlmKernels.LinearPredictor(rows, d, alpha[c], betaT.Slice(c * d, d), eta.Slice(c * block, m));
            var yb = yd[..m];
            for (int i = 0; i < m; i++) yb[i] = y[start + i] - first;
            lp += SoftmaxTerms(yb, eta, block, m, k, dAlpha);
            for (int c = 0; c < k; c++) GlmKernels.AddTransposed(rows, d, eta.Slice(c * block, m), dBetaT.Slice(c * d, d));
        }
        return lp;
    }

    // For the m rows of a block whose class-c predictors are eta[c·stride .. c·stride + m): adds Σᵢ log softmax(ηᵢ)_{yᵢ}
    // (computed as η_{i,yᵢ} − max − log Σₖ exp(η_{ik} − max), which cannot overflow) and replaces each η_{ic} by the
    // residual [yᵢ = c] − softmax(ηᵢ)_c, adding it to dAlpha[c].
    private static double SoftmaxTerms(ReadOnlySpan<double> y, Span<double> eta, int stride, int m, int k, Span<double> dAlpha)
    {
        double lp = 0;
        int i = 0, w = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && m >= w)
        {
            var acc = Vector<double>.Zero;
            for (; i <= m - w; i += w)
            {
                var yv = new Vector<double>(y[i..]);
                var max = new Vector<double>(eta[i..]);
                for (int c = 1; c < k; c++) max = Vector.Max(max, new Vector<double>(eta[(c * stride + i)..]));
                var sum = Vector<double>.Zero;
                var chosen = Vector<double>.Zero;
                for (int c = 0; c < k; c++)
                {
                    var shifted = new Vector<double>(eta[(c * stride + i)..]) - max;
                    chosen += Vector.ConditionalSelect(Vector.Equals(yv, new Vector<double>(c)), shifted, Vector<double>.Zero);
                    var e = Vector.Exp(shifted);
                    sum += e;
                    e.CopyTo(eta[(c * stride + i)..]);
                }
                acc += chosen - Vector.Log(sum);
                var inv = Vector<double>.One / sum;
                for (int c = 0; c < k; c++)
                {
                    var slot = eta[(c * stride + i)..];
                    var r = Vector.ConditionalSelect(Vector.Equals(yv, new Vector<double>(c)), Vector<double>.One, Vector<double>.Zero)
                            - new Vector<double>(slot) * inv;
                    dAlpha[c] += Vector.Sum(r);
                    r.CopyTo(slot);
                }
            }
            lp += Vector.Sum(acc);
        }
        for (; i < m; i++)
        {
            double max = eta[i];
            for (int c = 1; c < k; c++) max = Math.Max(max, eta[c * stride + i]);
            double sum = 0, chosen = 0;
            for (int c = 0; c < k; c++)
            {
                double shifted = eta[c * stride + i] - max;
                if (y[i] == c) chosen = shifted;
                double e = Math.Exp(shifted);
                sum += e;
                eta[c * stride + i] = e;
            }
            lp += chosen - Math.Log(sum);
            double inv = 1 / sum;
            for (int c = 0; c < k; c++)
            {
                double r = (y[i] == c ? 1 : 0) - eta[c * stride + i] * inv;
                dAlpha[c] += r;
                eta[c * stride + i] = r;
            }
        }
        return lp;
    }

    /// <summary>
    /// The value and partials of the node over the operands (α₀ … α_K−1, β row-major D×K): transposes β into class-major
    /// order, runs <see cref="CategoricalLogit"/>, and writes ∂/∂α then ∂/∂β (D×K) into <paramref name="partials"/>.
    /// </summary>
    public static double Evaluate(ReadOnlySpan<int> y, int first, ReadOnlySpan<double> x, int d, int k, ReadOnlySpan<double> operands, Span<double> partials)
    {
        int size = k * d;
        Span<double> buffer = 2 * size <= 512 ? stackalloc double[2 * size] : new double[2 * size];
        Span<double> betaT = buffer[..size], dBetaT = buffer[size..];
        var beta = operands.Slice(k, size);
        for (int j = 0; j < d; j++)
            for (int c = 0; c < k; c++) betaT[c * d + j] = beta[j * k + c];
        double v = CategoricalLogit(y, first, x, d, operands[..k], betaT, partials[..k], dBetaT);
        var dBeta = partials.Slice(k, size);
        for (int j = 0; j < d; j++)
            for (int c = 0; c < k; c++) dBeta[j * k + c] = dBetaT[c * d + j];
        return v;
    }
}

/// <summary>
/// Replay of <see cref="Likelihoods.CategoricalLogitGlm(ReadOnlySpan{int}, DataMatrix, ReadOnlySpan{Real}, ReadOnlySpan{Real})"/>:
/// operands (α₀ … α_K−1, β row-major D×K); holds a copy of the outcomes (1 … K) and of the design matrix.
/// </summary>
internal sealed class CategoricalLogitGlmKernel(int[] y, double[] x, int d, int k) : IReplayKernel
{
    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials) =>
        CategoricalGlmKernels.Evaluate(y, 1, x, d, k, operands, partials);
}
