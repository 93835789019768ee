using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// The result of a vectorized particle algorithm: the particles' values by address (leading dimension N), their log
/// weights, and the log evidence estimate with its standard error. The caller owns (and may dispose) the tensors.
/// </summary>
public sealed class TensorWeightedSample
{
    internal TensorWeightedSample(Dictionary<Address, Tensor> values, Tensor logWeights, double logEvidence, double logEvidenceStandardError)
    {
        Values = values;
        LogWeights = logWeights;
        LogEvidence = logEvidence;
        LogEvidenceStandardError = logEvidenceStandardError;
        using var _ = NewDisposeScope();
        var w = logWeights.softmax(0);
        EffectiveSampleSize = 1.0 / w.square().sum().ToDouble();
    }

    /// <summary>Each choice's particle values, shape <c>[N] ++ …</c>.</summary>
    public IReadOnlyDictionary<Address, Tensor> Values { get; }

    /// <summary>The final (unnormalized) log weights, shape <c>[N]</c>.</summary>
    public Tensor LogWeights { get; }

    /// <summary>The estimate of log p(observations).</summary>
    public double LogEvidence { get; }

    /// <summary>The estimated standard error of <see cref="LogEvidence"/>; see <see cref="LogEvidenceStandardErrorKind"/>.</summary>
    public double LogEvidenceStandardError { get; }

    /// <summary>
    /// How <see cref="LogEvidenceStandardError"/> was estimated, as on the scalar backend's <c>WeightedSample</c>:
    /// vectorized SMC resamples systematically, so after any resampling the genealogy estimate is
    /// <see cref="Probabilistic.Inference.Particles.LogEvidenceErrorKind.GenealogyApproximate"/> (it under-reports).
    /// </summary>
    public Probabilistic.Inference.Particles.LogEvidenceErrorKind LogEvidenceStandardErrorKind { get; internal init; }

    /// <summary>Kish's effective sample size of the final weights, 1 / Σ ŵ².</summary>
    public double EffectiveSampleSize { get; }

    /// <summary>The self-normalized estimate of E[f] for a per-particle statistic <paramref name="f"/> (shape <c>[N]</c>).</summary>
    public double Expectation(Func<IReadOnlyDictionary<Address, Tensor>, Tensor> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        using var _ = NewDisposeScope();
        return (LogWeights.softmax(0) * f(Values).to_type(LogWeights.dtype)).sum().ToDouble();
    }
}
