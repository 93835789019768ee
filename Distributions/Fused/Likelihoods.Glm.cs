using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

// Generalized linear model likelihoods fused into one tape node each (Stan math's *_glm functions:
// normal_id_glm_lpdf, bernoulli_logit_glm_lpmf, poisson_log_glm_lpmf), computed by GlmKernels with
// Vector<double> lanes; a recording tape describes the node with a replay kernel that holds a copy of
// the data, so a compiled program replays it (TapeProgram).
public static partial class Likelihoods
{
    private const int StackParameters = 128;

    /// <summary>
    /// Σᵢ log Normal(yᵢ | α + xᵢ·β, σ), Stan's <c>normal_id_glm_lpdf(y | x, alpha, beta, sigma)</c>: the
    /// linear regression likelihood as one node, with ∂/∂α = Σᵢ zᵢ/σ, ∂/∂β = Xᵀz/σ and ∂/∂σ = Σᵢ (zᵢ² − 1)/σ
    /// for zᵢ = (yᵢ − α − xᵢ·β)/σ.
    /// </summary>
    /// <param name="y">The N outcomes.</param>
    /// <param name="x">The N×K design matrix (row i is xᵢ): a <c>double[,]</c>, or a <see cref="DataMatrix"/> view of a row-major <c>double[]</c>.</param>
    /// <param name="alpha">The intercept α.</param>
    /// <param name="beta">The K coefficients β.</param>
    /// <param name="sigma">The noise scale σ &gt; 0.</param>
    /// <exception cref="ArgumentException">The shapes disagree (X must be N×K), or σ is not positive and finite.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real NormalIdGlm(ReadOnlySpan<double> y, DataMatrix x, Real alpha, ReadOnlySpan<Real> beta, Real sigma)
    {
        var rows = GlmDesign(nameof(NormalIdGlm), y.Length, x, beta.Length);
        if (!(sigma.Value > 0 && double.IsFinite(sigma.Value)))
            throw new ArgumentException($"Likelihoods.{nameof(NormalIdGlm)}: sigma must be positive and finite, but is {sigma.Value:R}.", nameof(sigma));
        int k = beta.Length;
        Span<double> buffer = 2 * k <= StackParameters ? stackalloc double[2 * k] : new double[2 * k];
        Span<double> b = buffer[..k], dBeta = buffer[k..];
        for (int j = 0; j < k; j++) b[j] = beta[j].Value;
        double v = GlmKernels.NormalId(y, rows, k, alpha.Value, b, sigma.Value, dBeta, out double dAlpha, out double dSigma);
        var t = Tape.Common(beta, Tape.Common(Tape.Common(null, alpha), sigma));
        if (t is null) return new Real(v);
        int start = t.BeginWide();
        t.AddWide(alpha, dAlpha);
        for (int j = 0; j < k; j++) t.AddWide(beta[j], dBeta[j]);
        t.AddWide(sigma, dSigma);
        var result = t.EndWide(v, start);
        if (t.IsRecording) Tape.Describe(result, new NormalIdGlmKernel(y.ToArray(), rows.ToArray(), k), GlmOperands(alpha, beta, sigma));
        return result;
    }

    /// <summary>
    /// Σᵢ log Bernoulli(yᵢ | logit⁻¹(α + xᵢ·β)), Stan's <c>bernoulli_logit_glm_lpmf(y | x, alpha, beta)</c>: logistic
    /// regression as one node, with ∂/∂α = Σᵢ (yᵢ − σ(ηᵢ)) and ∂/∂β = Xᵀ(y − σ(η)) for ηᵢ = α + xᵢ·β, each term
    /// computed as log σ(±η) without overflow.
    /// </summary>
    /// <param name="y">The N outcomes, each 0 or 1.</param>
    /// <param name="x">The N×K design matrix (row i is xᵢ): a <c>double[,]</c>, or a <see cref="DataMatrix"/> view of a row-major <c>double[]</c>.</param>
    /// <param name="alpha">The intercept α.</param>
    /// <param name="beta">The K coefficients β.</param>
    /// <exception cref="ArgumentException">The shapes disagree (X must be N×K), or an outcome is neither 0 nor 1.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real BernoulliLogitGlm(ReadOnlySpan<int> y, DataMatrix x, Real alpha, ReadOnlySpan<Real> beta)
    {
        var rows = GlmDesign(nameof(BernoulliLogitGlm), y.Length, x, beta.Length);
        for (int i = 0; i < y.Length; i++)
            if ((uint)y[i] > 1)
                throw new ArgumentException($"Likelihoods.{nameof(BernoulliLogitGlm)}: y[{i}] = {y[i]}, but outcomes must be 0 or 1.", nameof(y));
        int k = beta.Length;
        Span<double> buffer = 2 * k <= StackParameters ? stackalloc double[2 * k] : new double[2 * k];
        Span<double> b = buffer[..k], dBeta = buffer[k..];
        for (int j = 0; j < k; j++) b[j] = beta[j].Value;
        double v = GlmKernels.BernoulliLogit(y, rows, k, alpha.Value, b, dBeta, out double dAlpha);
        var t = Tape.Common(beta, Tape.Common(null, alpha));
        if (t is null) return new Real(v);
        int start = t.BeginWide();
        t.AddWide(alpha, dAlpha);
        for (int j = 0; j < k; j++) t.AddWide(beta[j], dBeta[j]);
        var result = t.EndWide(v, start);
        if (t.IsRecording) Tape.Describe(result, new BernoulliLogitGlmKernel(y.ToArray(), rows.ToArray(), k), GlmOperands(alpha, beta, null));
        return result;
    }

    /// <summary>
    /// Σᵢ log Poisson(yᵢ | exp(α + xᵢ·β)), Stan's <c>poisson_log_glm_lpmf(y | x, alpha, beta)</c>: Poisson regression
    /// with a log link as one node, with ∂/∂α = Σᵢ (yᵢ − e^ηᵢ) and ∂/∂β = Xᵀ(y − e^η) for ηᵢ = α + xᵢ·β.
    /// </summary>
    /// <param name="y">The N counts, each ≥ 0.</param>
    /// <param name="x">The N×K design matrix (row i is xᵢ): a <c>double[,]</c>, or a <see cref="DataMatrix"/> view of a row-major <c>double[]</c>.</param>
    /// <param name="alpha">The intercept α.</param>
    /// <param name="beta">The K coefficients β.</param>
    /// <exception cref="ArgumentException">The shapes disagree (X must be N×K), or a count is negative.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real PoissonLogGlm(ReadOnlySpan<int> y, DataMatrix x, Real alpha, ReadOnlySpan<Real> beta)
    {
        var rows = GlmDesign(nameof(PoissonLogGlm), y.Length, x, beta.Length);
        double sumLogFactorials = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] < 0)
                throw new ArgumentException($"Likelihoods.{nameof(PoissonLogGlm)}: y[{i}] = {y[i]}, but counts must be non-negative.", nameof(y));
            sumLogFactorials += SpecialFunctions.LogFactorial(y[i]);
        }
        int k = beta.Length;
        Span<double> buffer = 2 * k <= StackParameters ? stackalloc double[2 * k] : new double[2 * k];
        Span<double> b = buffer[..k], dBeta = buffer[k..];
        for (int j = 0; j < k; j++) b[j] = beta[j].Value;
        double v = GlmKernels.PoissonLog(y, sumLogFactorials, rows, k, alpha.Value, b, dBeta, out double dAlpha);
        var t = Tape.Common(beta, Tape.Common(null, alpha));
        if (t is null) return new Real(v);
        int start = t.BeginWide();
        t.AddWide(alpha, dAlpha);
        for (int j = 0; j < k; j++) t.AddWide(beta[j], dBeta[j]);
        var result = t.EndWide(v, start);
        if (t.IsRecording)
            Tape.Describe(result, new PoissonLogGlmKernel(y.ToArray(), rows.ToArray(), k), GlmOperands(alpha, beta, null), [sumLogFactorials]);
        return result;
    }

    // The design matrix's entries in row-major order, after checking it is N×K.
    private static ReadOnlySpan<double> GlmDesign(string function, int n, DataMatrix x, int k)
    {
        if (x.RowCount != n || x.ColumnCount != k)
            throw new ArgumentException(
                $"Likelihoods.{function}: x is {x.RowCount}×{x.ColumnCount}, but y has {n} entries and beta {k}, so x must be {n}×{k}.", nameof(x));
        return x.Span;
    }

    // (α, β₀ … β_K−1[, σ]): the operands a GLM kernel reads. Allocates, but only while a tape records.
    private static Real[] GlmOperands(Real alpha, ReadOnlySpan<Real> beta, Real? sigma)
    {
        var operands = new Real[beta.Length + (sigma is null ? 1 : 2)];
        operands[0] = alpha;
        beta.CopyTo(operands.AsSpan(1));
        if (sigma is { } s) operands[^1] = s;
        return operands;
    }
}
