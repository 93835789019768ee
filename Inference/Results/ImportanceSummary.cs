using System.Text;

namespace Probabilistic.Inference;

/// <summary>
/// Importance sampling reduced to a fixed-size summary as the samples are drawn (<see
/// cref="Infer.SummarizeImportance{T}"/>): the log-evidence estimate with its standard error, the effective sample
/// size, and the self-normalized weighted mean and variance of each statistic f(x) asked for. Its memory does not
/// depend on the number of samples.
/// </summary>
public sealed class ImportanceSummary
{
    private readonly double[] _means;
    private readonly double[] _variances;

    internal ImportanceSummary(long samples, double logEvidence, double logEvidenceStandardError, double effectiveSampleSize,
        double[] means, double[] variances)
    {
        Samples = samples;
        LogEvidence = logEvidence;
        LogEvidenceStandardError = logEvidenceStandardError;
        EffectiveSampleSize = effectiveSampleSize;
        _means = means;
        _variances = variances;
    }

    /// <summary>Number of samples drawn (fewer than asked for in a cancelled run's partial summary).</summary>
    public long Samples { get; }

    /// <summary>log Ẑ = log-mean-exp of the log weights.</summary>
    public double LogEvidence { get; }

    /// <summary>
    /// Delta-method standard error of log Ẑ from the weights' relative variance (as
    /// <see cref="WeightedSample{T}.LogEvidenceStandardError"/> for importance sampling); NaN for one sample.
    /// </summary>
    public double LogEvidenceStandardError { get; }

    /// <summary>Kish's effective sample size (Σw)² / Σw².</summary>
    public double EffectiveSampleSize { get; }

    /// <summary>Number of statistics summarized.</summary>
    public int Statistics => _means.Length;

    /// <summary>The self-normalized estimate of E[f_k(X)] for statistic <paramref name="k"/>.</summary>
    public double Mean(int k) => _means[CheckedIndex(k)];

    /// <summary>The weighted variance Σ w̄ᵢ (f_k(xᵢ) − mean)² of statistic <paramref name="k"/> (w̄ normalized).</summary>
    public double Variance(int k) => _variances[CheckedIndex(k)];

    private int CheckedIndex(int k) =>
        (uint)k < (uint)_means.Length ? k : throw new ArgumentOutOfRangeException(nameof(k), k, $"ImportanceSummary: there are {_means.Length} statistics.");

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder($"ImportanceSummary: {Samples} samples, ESS {EffectiveSampleSize:F1}, log evidence {LogEvidence:G6}");
        if (!double.IsNaN(LogEvidenceStandardError)) sb.Append($" ± {LogEvidenceStandardError:G3}");
        for (int k = 0; k < _means.Length; k++) sb.Append($"; f{k}: mean {_means[k]:G6}, variance {_variances[k]:G6}");
        return sb.ToString();
    }
}
