using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

// Vectorized densities with a parameter per datum, each one tape node with analytic partials and a replay kernel (Stan's
// vectorized normal_lpdf(y | mu, sigma), bernoulli_logit_lpmf(y | alpha), poisson_log_lpmf(y | alpha); Carpenter et al.,
// arXiv:1509.07164): what the vectorized distributions (NormalVector, BernoulliLogitVector, PoissonLogVector) score with.
// The logit and log-rate forms run GlmKernels' Vector<double> term loops in blocks of 64 data.
public static partial class Likelihoods
{
    private const int TermBlock = 64;

    /// <summary>
    /// Σᵢ log N(dataᵢ | μᵢ, σᵢ) for one mean and one scale per datum, both variables, as one node: ∂/∂μᵢ = zᵢ/σᵢ and
    /// ∂/∂σᵢ = (zᵢ² − 1)/σᵢ for zᵢ = (dataᵢ − μᵢ)/σᵢ.
    /// </summary>
    /// <exception cref="ArgumentException">μ's or σ's length differs from the data's.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real NormalLogDensitySum(ReadOnlySpan<double> data, ReadOnlySpan<Real> mu, ReadOnlySpan<Real> sigma)
    {
        if (mu.Length != data.Length)
            throw new ArgumentException($"Likelihoods.NormalLogDensitySum: {nameof(mu)} has length {mu.Length} but {nameof(data)} has length {data.Length}.", nameof(mu));
        if (sigma.Length != data.Length)
            throw new ArgumentException($"Likelihoods.NormalLogDensitySum: {nameof(sigma)} has length {sigma.Length} but {nameof(data)} has length {data.Length}.", nameof(sigma));
        int n = data.Length;
        var t = Tape.Common(sigma, Tape.Common(mu));
        double v = -n * StandardNormal.HalfLogTwoPi;
        if (t is null)
        {
            for (int i = 0; i < n; i++)
            {
                double s = sigma[i].Value, z = (data[i] - mu[i].Value) * (1.0 / s);
                v -= 0.5 * z * z + Math.Log(s);
            }
            return new Real(v);
        }
        int start = t.BeginWide();
        for (int i = 0; i < n; i++)
        {
            double s = sigma[i].Value, inv = 1.0 / s, z = (data[i] - mu[i].Value) * inv;
            v -= 0.5 * z * z + Math.Log(s);
            t.AddWide(mu[i], z * inv);
        }
        for (int i = 0; i < n; i++)
        {
            double inv = 1.0 / sigma[i].Value, z = (data[i] - mu[i].Value) * inv;
            t.AddWide(sigma[i], (z * z - 1) * inv);
        }
        var result = t.EndWide(v, start);
        if (t.IsRecording)
        {
            var operands = new Real[2 * n]; // allocates, but only while a tape records a program
            mu.CopyTo(operands);
            sigma.CopyTo(operands.AsSpan(n));
            Tape.Describe(result, NormalSumMeansVariableScales.Instance, operands, data);
        }
        return result;
    }

    /// <summary>
    /// Σᵢ log Bernoulli(yᵢ | logit⁻¹(ηᵢ)) for outcomes yᵢ ∈ {0, 1} and one logit per datum, as one node (Stan's vectorized
    /// <c>bernoulli_logit_lpmf(y | eta)</c>): ∂/∂ηᵢ = yᵢ − logit⁻¹(ηᵢ), each term computed as log σ(±η) without overflow.
    /// An outcome other than 0 or 1 gives −∞ (outside the support).
    /// </summary>
    /// <exception cref="ArgumentException">The logits' length differs from the outcomes'.</exception>
    /// <exception cref="InvalidOperationException">The logits belong to two different tapes.</exception>
    public static Real BernoulliLogitLogMassSum(ReadOnlySpan<int> y, ReadOnlySpan<Real> logits)
    {
        if (logits.Length != y.Length)
            throw new ArgumentException($"Likelihoods.{nameof(BernoulliLogitLogMassSum)}: {nameof(logits)} has length {logits.Length} but {nameof(y)} has length {y.Length}.", nameof(logits));
        foreach (int yi in y)
            if ((uint)yi > 1) return new Real(double.NegativeInfinity);
        return LinkSum(poisson: false, y, 0, logits);
    }

    /// <summary>
    /// Σᵢ log Poisson(yᵢ | exp(ηᵢ)) for counts yᵢ ≥ 0 and one log rate per datum, as one node (Stan's vectorized
    /// <c>poisson_log_lpmf(y | eta)</c>): ∂/∂ηᵢ = yᵢ − e^ηᵢ. A negative count gives −∞ (outside the support).
    /// </summary>
    /// <exception cref="ArgumentException">The log rates' length differs from the counts'.</exception>
    /// <exception cref="InvalidOperationException">The log rates belong to two different tapes.</exception>
    public static Real PoissonLogLogMassSum(ReadOnlySpan<int> y, ReadOnlySpan<Real> logRates)
    {
        if (logRates.Length != y.Length)
            throw new ArgumentException($"Likelihoods.{nameof(PoissonLogLogMassSum)}: {nameof(logRates)} has length {logRates.Length} but {nameof(y)} has length {y.Length}.", nameof(logRates));
        double sumLogFactorials = 0;
        foreach (int yi in y)
        {
            if (yi < 0) return new Real(double.NegativeInfinity);
            sumLogFactorials += SpecialFunctions.LogFactorial(yi);
        }
        return LinkSum(poisson: true, y, sumLogFactorials, logRates);
    }

    // Σᵢ of the family's terms at ηᵢ in blocks of TermBlock (GlmKernels' vectorized term loops write the residuals
    // ∂/∂ηᵢ in place of ηᵢ), minus Σ log yᵢ! for the Poisson; one wide node when η is on a tape.
    private static Real LinkSum(bool poisson, ReadOnlySpan<int> y, double sumLogFactorials, ReadOnlySpan<Real> eta)
    {
        var t = Tape.Common(eta);
        int n = y.Length;
        Span<double> r = stackalloc double[TermBlock];
        Span<double> yd = stackalloc double[TermBlock];
        double lp = 0, sum = 0;
        int wide = t?.BeginWide() ?? 0;
        for (int start = 0; start < n; start += TermBlock)
        {
            int m = Math.Min(TermBlock, n - start);
            var rb = r[..m];
            var yb = yd[..m];
            for (int i = 0; i < m; i++)
            {
                rb[i] = eta[start + i].Value;
                yb[i] = y[start + i];
            }
            lp += poisson ? GlmKernels.PoissonTerms(yb, rb, ref sum) : GlmKernels.BernoulliTerms(yb, rb, ref sum);
            if (t is not null)
                for (int i = 0; i < m; i++) t.AddWide(eta[start + i], rb[i]);
        }
        double v = lp - sumLogFactorials;
        if (t is null) return new Real(v);
        var result = t.EndWide(v, wide);
        if (t.IsRecording)
        {
            var constants = new double[n + 1]; // the outcomes, then Σ log yᵢ!
            for (int i = 0; i < n; i++) constants[i] = y[i];
            constants[n] = sumLogFactorials;
            Tape.Describe(result, poisson ? LinkSumKernel.Poisson : LinkSumKernel.Bernoulli, eta, constants);
        }
        return result;
    }

    // Σᵢ log N(cᵢ | μᵢ, σᵢ): operands μ₀ … μₙ₋₁, σ₀ … σₙ₋₁; constants the data.
    private sealed class NormalSumMeansVariableScales : IReplayKernel
    {
        public static readonly NormalSumMeansVariableScales Instance = new();

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            int n = constants.Length;
            double v = -n * StandardNormal.HalfLogTwoPi;
            for (int i = 0; i < n; i++)
            {
                double s = operands[n + i], inv = 1.0 / s, z = (constants[i] - operands[i]) * inv;
                v -= 0.5 * z * z + Math.Log(s);
                partials[i] = z * inv;
                partials[n + i] = (z * z - 1) * inv;
            }
            return v;
        }
    }

    // Σᵢ term(cᵢ, ηᵢ) − cₙ for the outcomes c₀ … cₙ₋₁ and cₙ = Σ log yᵢ!: operands η₀ … ηₙ₋₁. Runs the record site's
    // block loop on the partials span (the residuals overwrite the copied η), so a replay equals a fresh tape bit for bit.
    private sealed class LinkSumKernel(bool poisson) : IReplayKernel
    {
        public static readonly LinkSumKernel Bernoulli = new(false), Poisson = new(true);

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            int n = operands.Length;
            operands.CopyTo(partials);
            double lp = 0, sum = 0;
            for (int start = 0; start < n; start += TermBlock)
            {
                int m = Math.Min(TermBlock, n - start);
                var yb = constants.Slice(start, m);
                var rb = partials.Slice(start, m);
                lp += poisson ? GlmKernels.PoissonTerms(yb, rb, ref sum) : GlmKernels.BernoulliTerms(yb, rb, ref sum);
            }
            return lp - constants[n];
        }
    }
}
