using System.Text;

namespace Probabilistic.Inference;

/// <summary>
/// A weighted sample of a model's return value, from importance sampling or SMC: values, normalized
/// weights, the effective sample size, and the log-evidence estimate log Ẑ with its estimated
/// standard error where the algorithm gives one. The one particle result of the library: the vectorized tensor
/// algorithms return a <c>WeightedSample&lt;TensorParticle&gt;</c> whose values are views into the batched tensors.
/// A particle algorithm written outside this assembly sets <see cref="LogEvidenceStandardErrorKind"/> and
/// <see cref="EffectiveSampleSizeBeforeResampling"/> when it creates one.
/// </summary>
public sealed class WeightedSample<T>
{
    private readonly T[] _values;
    private readonly double[] _weights;

    /// <summary>Creates a sample from values and unnormalized log weights.</summary>
    public WeightedSample(IReadOnlyList<T> values, IReadOnlyList<double> logWeights, double logEvidence, double logEvidenceStandardError = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(logWeights);
        if (values.Count != logWeights.Count)
            throw new ArgumentException($"WeightedSample: {values.Count} values but {logWeights.Count} weights.", nameof(logWeights));
        if (values.Count == 0) throw new ArgumentException("WeightedSample: the sample is empty.", nameof(values));
        _values = values.ToArray();
        double max = double.NegativeInfinity;
        foreach (var lw in logWeights)
        {
            if (double.IsNaN(lw) || double.IsPositiveInfinity(lw)) throw new ArgumentException($"WeightedSample: a log weight is {lw}.", nameof(logWeights));
            max = Math.Max(max, lw);
        }
        if (double.IsNegativeInfinity(max)) throw new ArgumentException("WeightedSample: every weight is zero.", nameof(logWeights));
        _weights = new double[_values.Length];
        double total = 0;
        for (int i = 0; i < _weights.Length; i++) total += _weights[i] = Math.Exp(logWeights[i] - max);
        double sumSquares = 0;
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] /= total;
            sumSquares += _weights[i] * _weights[i];
        }
        EffectiveSampleSize = 1.0 / sumSquares;
        LogEvidence = logEvidence;
        LogEvidenceStandardError = logEvidenceStandardError;
    }

    /// <summary>The values.</summary>
    public IReadOnlyList<T> Values => _values;

    /// <summary>The normalized weights (summing to 1).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Number of particles.</summary>
    public int Count => _values.Length;

    /// <summary>
    /// Kish's effective sample size 1 / Σ wᵢ² of the final weights. After SMC whose last step resampled (as an
    /// adaptive filter does when the last observation degenerates the weights) the final weights are equal and this
    /// reads exactly N: see <see cref="EffectiveSampleSizeBeforeResampling"/> for how degenerate they had become.
    /// </summary>
    public double EffectiveSampleSize { get; }

    /// <summary>
    /// SMC: Kish's effective sample size of the weights just before the run's last resampling — a collapse at the
    /// last resampled step shows here, not in <see cref="EffectiveSampleSize"/>. NaN when the run never resampled
    /// (importance sampling, or SMC whose ESS stayed above its threshold; then <see cref="EffectiveSampleSize"/>
    /// is the whole story).
    /// </summary>
    public double EffectiveSampleSizeBeforeResampling { get; init; } = double.NaN;

    /// <summary>The estimate log Ẑ of the log evidence log p(observations).</summary>
    public double LogEvidence { get; }

    /// <summary>
    /// An estimate of the standard error of <see cref="LogEvidence"/> (NaN when the algorithm gives none); read
    /// <see cref="LogEvidenceStandardErrorKind"/> for how it was made and whether it is valid for the resampling used.
    /// </summary>
    public double LogEvidenceStandardError { get; }

    /// <summary>
    /// How <see cref="LogEvidenceStandardError"/> was estimated: <see cref="Particles.LogEvidenceErrorKind.GenealogyApproximate"/>
    /// says plainly that the SMC run resampled with a scheme the estimator is not valid for (systematic, the default)
    /// and that the figure under-reports; run with <see cref="Particles.Resampler.Multinomial"/> for a calibrated one.
    /// </summary>
    public Particles.LogEvidenceErrorKind LogEvidenceStandardErrorKind { get; init; }

    /// <summary>
    /// The Pareto k̂ of the importance weights (Vehtari et al. 2024, "Pareto smoothed importance sampling"): above
    /// min(1 − 1/log₁₀ S, 0.7) self-normalized estimates from this sample are unreliable, however large
    /// <see cref="EffectiveSampleSize"/> looks. NaN when all weights are equal (after resampling: nothing to smooth).
    /// </summary>
    public double ParetoK => ImportanceCheck.ParetoK;

    /// <summary>The PSIS diagnostics of the weights: k̂, its threshold and the Pareto-smoothed ESS.</summary>
    public Workflow.IndependentDrawsCheck ImportanceCheck => _importanceCheck ??=
        _weights.Length < 2 ? new Workflow.IndependentDrawsCheck(double.NaN, double.NaN, _weights.Length, "one particle")
        : _weights.Max() == _weights.Min() ? new Workflow.IndependentDrawsCheck(double.NaN, _weights.Length, _weights.Length, "equal weights (a resampled population)")
        : Workflow.IndependentDrawsCheck.FromLogRatios(_weights.Select(w => Math.Log(w)).ToArray());

    private Workflow.IndependentDrawsCheck? _importanceCheck;

    /// <summary>The self-normalized estimate of E[f(X)].</summary>
    public double Expectation(Func<T, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        double e = 0;
        for (int i = 0; i < _values.Length; i++)
            if (_weights[i] > 0) e += _weights[i] * f(_values[i]);
        return e;
    }

    /// <summary>The estimated probability of an event.</summary>
    public double Probability(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Expectation(x => predicate(x) ? 1.0 : 0.0);
    }

    /// <summary>An unweighted sample of <paramref name="count"/> values, drawn with the given resampler (systematic by default).</summary>
    public T[] Resample(int count, Rng rng, Particles.Resampler? resampler = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Resample: the count must be positive.");
        var ancestors = new int[count];
        (resampler ?? Particles.Resampler.Systematic).Resample(_weights, ancestors, rng);
        var r = new T[count];
        for (int k = 0; k < count; k++) r[k] = _values[ancestors[k]];
        return r;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append($"WeightedSample: {Count} particles, ESS {EffectiveSampleSize:F1}");
        if (!double.IsNaN(EffectiveSampleSizeBeforeResampling)) sb.Append($" (before the last resampling {EffectiveSampleSizeBeforeResampling:F1})");
        sb.Append($", log evidence {LogEvidence:G6}");
        if (!double.IsNaN(LogEvidenceStandardError))
            sb.Append($" ± {LogEvidenceStandardError:G3}{(LogEvidenceStandardErrorKind == Particles.LogEvidenceErrorKind.GenealogyApproximate ? " (approximate: not valid for this resampling scheme)" : "")}");
        return sb.ToString();
    }
}
