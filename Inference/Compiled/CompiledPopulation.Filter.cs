using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference.Compiled;

internal sealed partial class CompiledPopulation<TState, TProgram, T>
{
    /// <summary>
    /// One step of the bootstrap filter (Gordon, Salmond &amp; Smith 1993), as <see cref="Population{T}.Sequentially"/>
    /// takes it: every particle advanced to its next score, then resampled with the options' scheme when the ESS falls
    /// below the threshold (always at a threshold of 1), and the step reported. <see cref="CompiledSmc{T}"/> runs these in
    /// a loop; <c>SmcSampler</c> one per call.
    /// </summary>
    /// <exception cref="ModelException">Every particle has weight 0 after the step.</exception>
    public void FilterStep(ParticleOptions options, string twinName, IProgress<SmcProgress>? progress)
    {
        Advance();
        double ess = LogWeightStatistics.EffectiveSampleSize(_logWeights, out double logMeanExp);
        if (double.IsNegativeInfinity(logMeanExp)) throw AllImpossible(options, twinName);
        bool resampled = options.EssThreshold >= 1 || ess < options.EssThreshold * Count;
        if (resampled) Resample(options.Resampler, ess, logMeanExp);
        progress?.Report(new SmcProgress(Step, ess, LogEvidence, resampled));
    }

    /// <summary>The filter's last step: runs every particle to the end of the model and returns their values.</summary>
    /// <exception cref="ModelException">Every particle has weight 0 at the end.</exception>
    public T[] FinishStep(ParticleOptions options, string twinName, IProgress<SmcProgress>? progress)
    {
        var values = new T[Count];
        Finish(values);
        if (AllImpossibleNow) throw AllImpossible(options, twinName);
        progress?.Report(new SmcProgress(Step, EffectiveSampleSize, LogEvidence, false));
        return values;
    }

    /// <summary>
    /// The filter's result for the finished particles' <paramref name="values"/>, as <see cref="Population{T}.Collapse"/>
    /// gives it: log Ẑ and its Lee–Whiteley standard error (approximate after resamplings of another scheme).
    /// </summary>
    public WeightedSample<T> Result(T[] values)
    {
        double se = LogEvidenceError.LogStandardError(LogEvidenceError.LeeWhiteleyRelativeVariance(_logWeights, Eves, Resamplings));
        return new WeightedSample<T>(values, _logWeights, LogEvidence, se)
        {
            EffectiveSampleSizeBeforeResampling = EffectiveSampleSizeBeforeResampling,
            LogEvidenceStandardErrorKind = double.IsNaN(se) ? LogEvidenceErrorKind.None
                : OtherResamplings > 0 ? LogEvidenceErrorKind.GenealogyApproximate : LogEvidenceErrorKind.Genealogy,
        };
    }

    /// <summary>Every particle has weight 0 after the current step (the compiled program knows no addresses).</summary>
    private ModelException AllImpossible(ParticleOptions options, string twinName) =>
        new($"{options.Algorithm}: every particle has weight 0 after step {Step} (observation or factor number {Step} of the model, " +
            $"run by the compiled twin {twinName}); run with Interpreted = true to have the observation named by its address.");
}
