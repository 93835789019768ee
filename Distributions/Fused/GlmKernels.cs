using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

// The fused generalized linear model likelihoods of Likelihoods.Glm: one pass over the rows of a
// row-major design matrix in blocks that stay in the L1 cache — the linear predictors
// η = α + Xβ of a block (Vector<double> dot products), the family's terms and the residuals
// ∂lp/∂η, then Xᵀ·residual accumulated into ∂lp/∂β from the same cached rows — the approach of Stan
// math's normal_id_glm_lpdf, bernoulli_logit_glm_lpmf and poisson_log_glm_lpmf (one node with the
// analytic partials, a tight loop over the data; B. Carpenter et al., "The Stan Math Library",
// arXiv:1509.07164). Record sites and replay kernels call the same code, so a replay equals a
// fresh tape bit for bit.
internal static class GlmKernels
{
    private const int Block = 64;

    /// <summary>Σᵢ log N(yᵢ | α + xᵢβ, σ); writes ∂/∂β into <paramref name="dBeta"/>.</summary>
    public static double NormalId(ReadOnlySpan<double> y, ReadOnlySpan<double> x, int k, double alpha, ReadOnlySpan<double> beta,
        double sigma, Span<double> dBeta, out double dAlpha, out double dSigma)
    {
        int n = y.Length;
        dBeta.Clear();
        Span<double> eta = stackalloc double[Block];
        double inv = 1.0 / sigma, sumZ = 0, sumZ2 = 0;
        for (int start = 0; start < n; start += Block)
        {
            int m = Math.Min(Block, n - start);
            var rows = x.Slice(start * k, m * k);
            var r = eta[..m];
            LinearPredictor(rows, k, alpha, beta, r);
            var yb = y.Slice(start, m);
            for (int i = 0; i < m; i++)
            {
                double z = (yb[i] - r[i]) * inv;
                sumZ += z;
                sumZ2 += z * z;
                r[i] = z; // ∂/∂η = z/σ; the 1/σ is applied to the sums below
            }
            AddTransposed(rows, k, r, dBeta);
        }
        for (int j = 0; j < dBeta.Length; j++) dBeta[j] *= inv;
        dAlpha = sumZ * inv;
        dSigma = (sumZ2 - n) * inv;
        return -0.5 * sumZ2 - n * (Math.Log(sigma) + SpecialFunctions.HalfLogTwoPi);
    }

    /// <summary>Σᵢ [yᵢ log σ(ηᵢ) + (1 − yᵢ) log σ(−ηᵢ)], ηᵢ = α + xᵢβ, for yᵢ ∈ {0, 1}.</summary>
    public static double BernoulliLogit(ReadOnlySpan<int> y, ReadOnlySpan<double> x, int k, double alpha, ReadOnlySpan<double> beta,
        Span<double> dBeta, out double dAlpha) =>
        CountResponse(poisson: false, y, x, k, alpha, beta, dBeta, out dAlpha);

    /// <summary>Σᵢ [yᵢηᵢ − e^ηᵢ − log yᵢ!], ηᵢ = α + xᵢβ, for counts yᵢ with Σ log yᵢ! given.</summary>
    public static double PoissonLog(ReadOnlySpan<int> y, double sumLogFactorials, ReadOnlySpan<double> x, int k, double alpha,
        ReadOnlySpan<double> beta, Span<double> dBeta, out double dAlpha) =>
        CountResponse(poisson: true, y, x, k, alpha, beta, dBeta, out dAlpha) - sumLogFactorials;

    // The block loop of the integer-response families: a block's linear predictors, the family's terms (which replace
    // η by the residual ∂lp/∂η and add it to the running Σ residual = ∂lp/∂α), then Xᵀ·residual from the same rows.
    private static double CountResponse(bool poisson, ReadOnlySpan<int> y, ReadOnlySpan<double> x, int k, double alpha,
        ReadOnlySpan<double> beta, Span<double> dBeta, out double dAlpha)
    {
        int n = y.Length;
        dBeta.Clear();
        Span<double> eta = stackalloc double[Block];
        Span<double> yd = stackalloc double[Block];
        double lp = 0, sumR = 0;
        for (int start = 0; start < n; start += Block)
        {
            int m = Math.Min(Block, n - start);
            var rows = x.Slice(start * k, m * k);
            var r = eta[..m];
            LinearPredictor(rows, k, alpha, beta, r);
            var yb = yd[..m];
            for (int i = 0; i < m; i++) yb[i] = y[start + i];
            lp += poisson ? PoissonTerms(yb, r, ref sumR) : BernoulliTerms(yb, r, ref sumR);
            AddTransposed(rows, k, r, dBeta);
        }
        dAlpha = sumR;
        return lp;
    }

    // With s = 2y − 1, the term is log σ(sη) = −log(1 + e^(−sη)) = −(max(−sη, 0) + log1p(e^(−|η|))),
    // and ∂/∂η = y − σ(η) = s·σ(−sη) = s·e^(−max(sη,0))… computed from e = e^(−|η|) as s/(1 + e) or
    // s·e/(1 + e). Replaces η by the residual.
    internal static double BernoulliTerms(ReadOnlySpan<double> y, Span<double> eta, ref double sumR)
    {
        double lp = 0, sum = sumR;
        int i = 0;
        if (Vector.IsHardwareAccelerated && eta.Length >= Vector<double>.Count)
        {
            var one = Vector<double>.One;
            var two = new Vector<double>(2.0);
            var acc = Vector<double>.Zero;
            var accR = Vector<double>.Zero;
            for (; i <= eta.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var s = two * new Vector<double>(y[i..]) - one;
                var se = s * new Vector<double>(eta[i..]);
                var e = Vector.Exp(-Vector.Abs(se));
                // log σ(sη) = min(sη, 0) − log(1 + e); σ(−sη) = (sη ≥ 0 ? e : 1)/(1 + e).
                var log1pE = Log1pSmall(e);
                acc += Vector.Min(se, Vector<double>.Zero) - log1pE;
                var numerator = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(se, Vector<double>.Zero), e, one);
                var r = s * numerator / (one + e);
                accR += r;
                r.CopyTo(eta[i..]);
            }
            lp += Vector.Sum(acc);
            sum += Vector.Sum(accR);
        }
        for (; i < eta.Length; i++)
        {
            double s = 2 * y[i] - 1, se = s * eta[i];
            double e = Math.Exp(-Math.Abs(se));
            lp += Math.Min(se, 0) - Math.Log(1 + e);
            double r = s * (se >= 0 ? e : 1) / (1 + e);
            sum += r;
            eta[i] = r;
        }
        sumR = sum;
        return lp;
    }

    // log(1 + e) for e ∈ [0, 1], elementwise (1 + e ≥ 1, so the logarithm loses nothing to cancellation
    // beyond the rounding of 1 + e, which is relative 1e−16 of a value ≥ e/2).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Log1pSmall(Vector<double> e) => Vector.Log(Vector<double>.One + e);

    // yη − e^η per row (the log yᵢ! are subtracted once by the caller); ∂/∂η = y − e^η. Replaces η by the residual.
    internal static double PoissonTerms(ReadOnlySpan<double> y, Span<double> eta, ref double sumR)
    {
        double lp = 0, sum = sumR;
        int i = 0;
        if (Vector.IsHardwareAccelerated && eta.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            var accR = Vector<double>.Zero;
            for (; i <= eta.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var e = new Vector<double>(eta[i..]);
                var yv = new Vector<double>(y[i..]);
                var mu = Vector.Exp(e);
                acc += yv * e - mu;
                var res = yv - mu;
                accR += res;
                res.CopyTo(eta[i..]);
            }
            lp += Vector.Sum(acc);
            sum += Vector.Sum(accR);
        }
        for (; i < eta.Length; i++)
        {
            double mu = Math.Exp(eta[i]);
            lp += y[i] * eta[i] - mu;
            double res = y[i] - mu;
            sum += res;
            eta[i] = res;
        }
        sumR = sum;
        return lp;
    }

    /// <summary>
    /// η[i] = α + rowᵢ·β for the m rows of a row-major block, four rows at a time: each lane of β is loaded once
    /// for four rows' accumulators.
    /// </summary>
    internal static void LinearPredictor(ReadOnlySpan<double> rows, int k, double alpha, ReadOnlySpan<double> beta, Span<double> eta)
    {
        int m = eta.Length, i = 0, w = Vector<double>.Count;
        ref double rx = ref MemoryMarshal.GetReference(rows);
        ref double rb = ref MemoryMarshal.GetReference(beta);
        if (Vector.IsHardwareAccelerated && k >= w)
        {
            for (; i + 4 <= m; i += 4)
            {
                ref double x0 = ref Unsafe.Add(ref rx, i * k);
                ref double x1 = ref Unsafe.Add(ref x0, k);
                ref double x2 = ref Unsafe.Add(ref x1, k);
                ref double x3 = ref Unsafe.Add(ref x2, k);
                Vector<double> a0 = Vector<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                int j = 0;
                for (; j <= k - w; j += w)
                {
                    var b = Vector.LoadUnsafe(ref rb, (nuint)j);
                    a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x0, (nuint)j), b, a0);
                    a1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x1, (nuint)j), b, a1);
                    a2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x2, (nuint)j), b, a2);
                    a3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x3, (nuint)j), b, a3);
                }
                double s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
                for (; j < k; j++)
                {
                    double bj = Unsafe.Add(ref rb, j);
                    s0 += Unsafe.Add(ref x0, j) * bj;
                    s1 += Unsafe.Add(ref x1, j) * bj;
                    s2 += Unsafe.Add(ref x2, j) * bj;
                    s3 += Unsafe.Add(ref x3, j) * bj;
                }
                eta[i] = alpha + s0;
                eta[i + 1] = alpha + s1;
                eta[i + 2] = alpha + s2;
                eta[i + 3] = alpha + s3;
            }
        }
        for (; i < m; i++) eta[i] = alpha + Dot(rows.Slice(i * k, k), beta);
    }

    /// <summary>g += Σᵢ r[i]·rowᵢ over the rows of a row-major block, four rows per load and store of g.</summary>
    internal static void AddTransposed(ReadOnlySpan<double> rows, int k, ReadOnlySpan<double> r, Span<double> g)
    {
        int m = r.Length, i = 0, w = Vector<double>.Count;
        ref double rx = ref MemoryMarshal.GetReference(rows);
        ref double rg = ref MemoryMarshal.GetReference(g);
        if (Vector.IsHardwareAccelerated && k >= w)
        {
            for (; i + 4 <= m; i += 4)
            {
                ref double x0 = ref Unsafe.Add(ref rx, i * k);
                ref double x1 = ref Unsafe.Add(ref x0, k);
                ref double x2 = ref Unsafe.Add(ref x1, k);
                ref double x3 = ref Unsafe.Add(ref x2, k);
                double r0 = r[i], r1 = r[i + 1], r2 = r[i + 2], r3 = r[i + 3];
                Vector<double> c0 = new(r0), c1 = new(r1), c2 = new(r2), c3 = new(r3);
                int j = 0;
                for (; j <= k - w; j += w)
                {
                    var acc = Vector.LoadUnsafe(ref rg, (nuint)j);
                    acc = Vector.FusedMultiplyAdd(c0, Vector.LoadUnsafe(ref x0, (nuint)j), acc);
                    acc = Vector.FusedMultiplyAdd(c1, Vector.LoadUnsafe(ref x1, (nuint)j), acc);
                    acc = Vector.FusedMultiplyAdd(c2, Vector.LoadUnsafe(ref x2, (nuint)j), acc);
                    acc = Vector.FusedMultiplyAdd(c3, Vector.LoadUnsafe(ref x3, (nuint)j), acc);
                    acc.StoreUnsafe(ref rg, (nuint)j);
                }
                for (; j < k; j++)
                    Unsafe.Add(ref rg, j) += r0 * Unsafe.Add(ref x0, j) + r1 * Unsafe.Add(ref x1, j) + r2 * Unsafe.Add(ref x2, j) + r3 * Unsafe.Add(ref x3, j);
            }
        }
        for (; i < m; i++) AddScaled(g, r[i], rows.Slice(i * k, k));
    }

    /// <summary>Σⱼ aⱼbⱼ with <see cref="Vector{T}"/> lanes (the spans have equal length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, j = 0;
        double sum = 0;
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
                acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ra, (nuint)j), Vector.LoadUnsafe(ref rb, (nuint)j), acc);
            sum = Vector.Sum(acc);
        }
        for (; j < n; j++) sum += Unsafe.Add(ref ra, j) * Unsafe.Add(ref rb, j);
        return sum;
    }

    /// <summary>g += c·row with <see cref="Vector{T}"/> lanes (the spans have equal length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> g, double c, ReadOnlySpan<double> row)
    {
        int n = g.Length, j = 0;
        ref double rg = ref MemoryMarshal.GetReference(g);
        ref double rr = ref MemoryMarshal.GetReference(row);
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var cv = new Vector<double>(c);
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
                Vector.FusedMultiplyAdd(cv, Vector.LoadUnsafe(ref rr, (nuint)j), Vector.LoadUnsafe(ref rg, (nuint)j)).StoreUnsafe(ref rg, (nuint)j);
        }
        for (; j < n; j++) Unsafe.Add(ref rg, j) += c * Unsafe.Add(ref rr, j);
    }
}

/// <summary>Replay of <see cref="Likelihoods.NormalIdGlm"/>: operands (α, β₀ … β_K−1, σ); holds a copy of the data.</summary>
internal sealed class NormalIdGlmKernel(double[] y, double[] x, int k) : IReplayKernel
{
    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
    {
        double v = GlmKernels.NormalId(y, x, k, operands[0], operands.Slice(1, k), operands[k + 1],
            partials.Slice(1, k), out double dAlpha, out double dSigma);
        partials[0] = dAlpha;
        partials[k + 1] = dSigma;
        return v;
    }
}

/// <summary>Replay of <see cref="Likelihoods.BernoulliLogitGlm"/>: operands (α, β₀ … β_K−1); holds a copy of the data.</summary>
internal sealed class BernoulliLogitGlmKernel(int[] y, double[] x, int k) : IReplayKernel
{
    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
    {
        double v = GlmKernels.BernoulliLogit(y, x, k, operands[0], operands.Slice(1, k), partials.Slice(1, k), out double dAlpha);
        partials[0] = dAlpha;
        return v;
    }
}

/// <summary>Replay of <see cref="Likelihoods.PoissonLogGlm"/>: operands (α, β₀ … β_K−1), constant Σ log yᵢ!; holds a copy of the data.</summary>
internal sealed class PoissonLogGlmKernel(int[] y, double[] x, int k) : IReplayKernel
{
    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
    {
        double v = GlmKernels.PoissonLog(y, constants[0], x, k, operands[0], operands.Slice(1, k), partials.Slice(1, k), out double dAlpha);
        partials[0] = dAlpha;
        return v;
    }
}
