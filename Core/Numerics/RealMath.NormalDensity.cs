using Probabilistic.Numerics;

namespace Probabilistic;

// Σᵢ log N(yᵢ | μᵢ, σᵢ) = Σᵢ [−½zᵢ² − log σᵢ − ½ log 2π] with zᵢ = (yᵢ − μᵢ)/σᵢ, recorded as one
// node with the analytic partials ∂/∂μᵢ = zᵢ/σᵢ and ∂/∂σ = Σᵢ (zᵢ² − 1)/σ, the way Stan's
// vectorized normal_lpdf does (Carpenter et al., arXiv:1509.07164). σ ≤ 0 gives NaN or −∞
// rather than an exception: validating parameters is the distribution's job, not the hot path's.
public static partial class RealMath
{
    /// <summary>Σᵢ log N(dataᵢ | μ, σ) for shared μ and σ, as one node.</summary>
    /// <exception cref="InvalidOperationException">μ and σ belong to two different tapes.</exception>
    public static Real NormalLogDensitySum(ReadOnlySpan<double> data, Real mu, Real sigma)
    {
        double m = mu.Value, inv = 1.0 / sigma.Value;
        double sumZ = 0, sumZ2 = 0;
        foreach (double y in data)
        {
            double z = (y - m) * inv;
            sumZ += z;
            sumZ2 += z * z;
        }
        int n = data.Length;
        double v = -0.5 * sumZ2 - n * (Math.Log(sigma.Value) + SpecialFunctions.HalfLogTwoPi);
        if (mu.Tape is null && sigma.Tape is null) return new Real(v);
        var result = Tape.Record(v, mu, sumZ * inv, sigma, (sumZ2 - n) * inv);
        if (result.Tape is { IsRecording: true }) Tape.Describe(result, ReplayOp.NormalSumShared, [mu, sigma], data);
        return result;
    }

    /// <summary>Σᵢ log N(dataᵢ | μᵢ, σ) for one mean per datum and a shared σ, as one node.</summary>
    /// <exception cref="ArgumentException">μ's length differs from the data's.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real NormalLogDensitySum(ReadOnlySpan<double> data, ReadOnlySpan<Real> mu, Real sigma)
    {
        if (mu.Length != data.Length)
            throw new ArgumentException($"RealMath.NormalLogDensitySum: {nameof(mu)} has length {mu.Length} but {nameof(data)} has length {data.Length}.", nameof(mu));
        double inv = 1.0 / sigma.Value;
        int n = data.Length;
        double constant = n * (Math.Log(sigma.Value) + SpecialFunctions.HalfLogTwoPi);
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
        int start = t.BeginWide();
        for (int i = 0; i < n; i++)
        {
            double z = (data[i] - mu[i].Value) * inv;
            sumZ2 += z * z;
            t.AddWide(mu[i], z * inv);
        }
        t.AddWide(sigma, (sumZ2 - n) * inv);
        var wide = t.EndWide(-0.5 * sumZ2 - constant, start);
        if (t.IsRecording) DescribeNormalSum(wide, data, mu, sigma);
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
            throw new ArgumentException($"RealMath.NormalLogDensitySum: {nameof(mu)} has length {mu.Length} but {nameof(data)} has length {data.Length}.", nameof(mu));
        if (sigma.Length != data.Length)
            throw new ArgumentException($"RealMath.NormalLogDensitySum: {nameof(sigma)} has length {sigma.Length} but {nameof(data)} has length {data.Length}.", nameof(sigma));
        var t = Tape.Common(mu);
        int start = t?.BeginWide() ?? 0;
        double v = -data.Length * SpecialFunctions.HalfLogTwoPi;
        for (int i = 0; i < data.Length; i++)
        {
            double inv = 1.0 / sigma[i];
            double z = (data[i] - mu[i].Value) * inv;
            v -= 0.5 * z * z + Math.Log(sigma[i]);
            t?.AddWide(mu[i], z * inv);
        }
        if (t is null) return new Real(v);
        var result = t.EndWide(v, start);
        if (t.IsRecording) DescribeNormalSum(result, data, mu, sigma);
        return result;
    }

    // The operands of a recorded normal sum: the means (and σ when it is a value), with the data
    // (and the known scales) as constants. Allocates, but only while a tape records a program.
    private static void DescribeNormalSum(Real result, ReadOnlySpan<double> data, ReadOnlySpan<Real> mu, Real sigma)
    {
        var operands = new Real[mu.Length + 1];
        mu.CopyTo(operands);
        operands[^1] = sigma;
        Tape.Describe(result, ReplayOp.NormalSumMeans, operands, data);
    }

    private static void DescribeNormalSum(Real result, ReadOnlySpan<double> data, ReadOnlySpan<Real> mu, ReadOnlySpan<double> sigma)
    {
        var constants = new double[2 * data.Length];
        data.CopyTo(constants);
        sigma.CopyTo(constants.AsSpan(data.Length));
        Tape.Describe(result, ReplayOp.NormalSumMeansScales, mu, constants);
    }
}
