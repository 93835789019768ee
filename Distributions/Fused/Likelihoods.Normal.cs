using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Fused likelihoods: the log density of a whole data vector recorded as one tape node with analytic partials, the way
/// Stan's vectorized <c>normal_lpdf</c> does (Carpenter et al., arXiv:1509.07164), and replayed by a kernel that runs
/// the same code (<see cref="IReplayKernel"/>).
/// </summary>
/// <remarks>
/// Σᵢ log N(yᵢ | μᵢ, σᵢ) = Σᵢ [−½zᵢ² − log σᵢ − ½ log 2π] with zᵢ = (yᵢ − μᵢ)/σᵢ: ∂/∂μᵢ = zᵢ/σᵢ and, for a shared σ,
/// ∂/∂σ = Σᵢ (zᵢ² − 1)/σ. σ ≤ 0 gives NaN or −∞ rather than an exception: validating parameters is the distribution's
/// job, not the hot path's.
/// </remarks>
public static partial class Likelihoods
{
    /// <summary>Σᵢ log N(dataᵢ | μ, σ) for shared μ and σ, as one node.</summary>
    /// <exception cref="InvalidOperationException">μ and σ belong to two different tapes.</exception>
    public static Real NormalLogDensitySum(ReadOnlySpan<double> data, Real mu, Real sigma)
    {
        Span<double> d = stackalloc double[2];
        double v = NormalSumShared.Value(data, mu.Value, sigma.Value, d);
        if (mu.Tape is null && sigma.Tape is null) return new Real(v);
        var result = Tape.Record(v, mu, d[0], sigma, d[1]);
        if (result.Tape is { IsRecording: true }) Tape.Describe(result, NormalSumShared.Instance, [mu, sigma], data);
        return result;
    }

    /// <summary>Σᵢ log N(dataᵢ | μᵢ, σ) for one mean per datum and a shared σ, as one node.</summary>
    /// <exception cref="ArgumentException">μ's length differs from the data's.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real NormalLogDensitySum(ReadOnlySpan<double> data, ReadOnlySpan<Real> mu, Real sigma)
    {
        if (mu.Length != data.Length)
            throw new ArgumentException($"Likelihoods.NormalLogDensitySum: {nameof(mu)} has length {mu.Length} but {nameof(data)} has length {data.Length}.", nameof(mu));
        double inv = 1.0 / sigma.Value;
        int n = data.Length;
        double constant = n * (Math.Log(sigma.Value) + StandardNormal.HalfLogTwoPi);
        var t = Tape.Common(mu, sigma.Tape);
        double sumZ2 = 0;
        if (t is null)
        {
            for (int i = 0; i < n; i++)
            {
                double z = (data[i] - mu[i].Value) * inv;
                sumZ2 += z * z;
            }
            return new Real(-0.5 * sumZ2 - constant);
        }
        // The partials go straight to the tape's wide-node buffer (no work array); NormalSumMeans replays this loop.
        int start = t.BeginWide();
        for (int i = 0; i < n; i++)
        {
            double z = (data[i] - mu[i].Value) * inv;
            sumZ2 += z * z;
            t.AddWide(mu[i], z * inv);
        }
        t.AddWide(sigma, (sumZ2 - n) * inv);
        var wide = t.EndWide(-0.5 * sumZ2 - constant, start);
        if (t.IsRecording)
        {
            var operands = new Real[n + 1]; // allocates, but only while a tape records a program
            mu.CopyTo(operands);
            operands[^1] = sigma;
            Tape.Describe(wide, NormalSumMeans.Instance, operands, data);
        }
        return wide;
    }

    /// <summary>
    /// Σᵢ log N(dataᵢ | μᵢ, σᵢ) for one mean per datum and known per-datum scales (measurement
    /// error, meta-analysis), as one node.
    /// </summary>
    /// <exception cref="ArgumentException">μ's or σ's length differs from the data's.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real NormalLogDensitySum(ReadOnlySpan<double> data, ReadOnlySpan<Real> mu, ReadOnlySpan<double> sigma)
    {
        if (mu.Length != data.Length)
            throw new ArgumentException($"Likelihoods.NormalLogDensitySum: {nameof(mu)} has length {mu.Length} but {nameof(data)} has length {data.Length}.", nameof(mu));
        if (sigma.Length != data.Length)
            throw new ArgumentException($"Likelihoods.NormalLogDensitySum: {nameof(sigma)} has length {sigma.Length} but {nameof(data)} has length {data.Length}.", nameof(sigma));
        var t = Tape.Common(mu);
        int start = t?.BeginWide() ?? 0;
        double v = -data.Length * StandardNormal.HalfLogTwoPi;
        for (int i = 0; i < data.Length; i++)
        {
            double inv = 1.0 / sigma[i];
            double z = (data[i] - mu[i].Value) * inv;
            v -= 0.5 * z * z + Math.Log(sigma[i]);
            t?.AddWide(mu[i], z * inv);
        }
        if (t is null) return new Real(v);
        var result = t.EndWide(v, start);
        if (t.IsRecording)
        {
            var constants = new double[2 * data.Length]; // the data, then the scales
            data.CopyTo(constants);
            sigma.CopyTo(constants.AsSpan(data.Length));
            Tape.Describe(result, NormalSumMeansScales.Instance, mu, constants);
        }
        return result;
    }

    // Σᵢ log N(cᵢ | μ, σ) for the data c: operands (μ, σ). The record site runs Value itself.
    private sealed class NormalSumShared : IReplayKernel
    {
        public static readonly NormalSumShared Instance = new();

        public static double Value(ReadOnlySpan<double> data, double mu, double sigma, Span<double> d)
        {
            double inv = 1.0 / sigma;
            double sumZ = 0, sumZ2 = 0;
            foreach (double y in data)
            {
                double z = (y - mu) * inv;
                sumZ += z;
                sumZ2 += z * z;
            }
            int n = data.Length;
            d[0] = sumZ * inv;
            d[1] = (sumZ2 - n) * inv;
            return -0.5 * sumZ2 - n * (Math.Log(sigma) + StandardNormal.HalfLogTwoPi);
        }

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials) =>
            Value(constants, operands[0], operands[1], partials);
    }

    // Σᵢ log N(cᵢ | μᵢ, σ): operands μ₀ … μₙ₋₁, σ; constants the data.
    private sealed class NormalSumMeans : IReplayKernel
    {
        public static readonly NormalSumMeans Instance = new();

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            int n = constants.Length;
            double sigma = operands[n];
            double inv = 1.0 / sigma;
            double sumZ2 = 0;
            for (int i = 0; i < n; i++)
            {
                double z = (constants[i] - operands[i]) * inv;
                sumZ2 += z * z;
                partials[i] = z * inv;
            }
            partials[n] = (sumZ2 - n) * inv;
            return -0.5 * sumZ2 - n * (Math.Log(sigma) + StandardNormal.HalfLogTwoPi);
        }
    }

    // Σᵢ log N(cᵢ | μᵢ, cₙ₊ᵢ): operands μ₀ … μₙ₋₁; constants the data, then the scales.
    private sealed class NormalSumMeansScales : IReplayKernel
    {
        public static readonly NormalSumMeansScales Instance = new();

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            int n = operands.Length;
            var data = constants[..n];
            var sigma = constants[n..];
            double v = -n * StandardNormal.HalfLogTwoPi;
            for (int i = 0; i < n; i++)
            {
                double inv = 1.0 / sigma[i];
                double z = (data[i] - operands[i]) * inv;
                v -= 0.5 * z * z + Math.Log(sigma[i]);
                partials[i] = z * inv;
            }
            return v;
        }
    }
}
