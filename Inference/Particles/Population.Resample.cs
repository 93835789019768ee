using Probabilistic.Interpretation;

namespace Probabilistic.Inference.Particles;

public sealed partial class Population<T>
{
    /// <summary>
    /// Moves the mean weight into <see cref="PushedLogEvidence"/> and sets every log weight to 0 minus
    /// its share: wᵢ ← wᵢ − log-mean-exp(w) (monad-bayes' <c>pushEvidence</c>).
    /// </summary>
    public Population<T> PushEvidence()
    {
        double lme = LogWeightStatistics.LogMeanExp(_logWeights);
        if (double.IsNegativeInfinity(lme)) throw AllImpossible();
        for (int i = 0; i < _logWeights.Length; i++) _logWeights[i] -= lme;
        PushedLogEvidence += lme;
        return this;
    }

    /// <summary>
    /// Resamples N particles in proportion to their weights with <paramref name="resampler"/> (the stepper draws the
    /// ancestors: the conditional stepper keeps particle 0); the evidence is pushed first, so afterwards every weight
    /// is 1 (log weight 0).
    /// </summary>
    public Population<T> Resample(Resampler resampler)
    {
        ArgumentNullException.ThrowIfNull(resampler);
        EffectiveSampleSizeBeforeResampling = EffectiveSampleSize;
        PushEvidence();
        int n = Count;
        var weights = new double[n];
        for (int i = 0; i < n; i++) weights[i] = Math.Exp(_logWeights[i]);
        var ancestors = new int[n];
        _stepper.DrawAncestors(resampler, weights, ancestors, _seed, (ulong)_step * ((ulong)n + 1) + (ulong)n);
        var cursors = new Cursor[n];
        var finished = new bool[n];
        var values = new T[n];
        var eves = new int[n];
        var logLikelihoods = new double[n];
        var tallies = new int[n];
        var histories = _histories is null ? null : new ChoiceHistory?[n];
        for (int k = 0; k < n; k++)
        {
            int a = ancestors[k];
            cursors[k] = _cursors[a];
            finished[k] = _finished[a];
            values[k] = _values[a];
            eves[k] = _eves[a];
            logLikelihoods[k] = _logLikelihoods[a];
            tallies[k] = _tallies[a];
            if (histories is not null) histories[k] = _histories![a];
        }
        (_cursors, _finished, _values, _eves) = (cursors, finished, values, eves);
        (_logLikelihoods, _tallies, _histories) = (logLikelihoods, tallies, histories);
        Array.Clear(_causes);
        Array.Clear(_logWeights);
        _resamplings++;
        if (resampler != Resampler.Multinomial) _otherResamplings++;
        return this;
    }

    /// <summary>Resamples when the effective sample size is below <paramref name="threshold"/>·N (adaptive resampling), and always when the threshold is 1.</summary>
    public Population<T> ResampleIfDegenerate(Resampler resampler, double threshold)
    {
        if (!(threshold >= 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Resample: the ESS threshold must be in [0, 1].");
        if (AllImpossibleNow) throw AllImpossible();
        return Degenerate(threshold, EffectiveSampleSize) ? Resample(resampler) : this;
    }

    /// <summary>Whether weights of ESS <paramref name="ess"/> call for resampling: below threshold·N, or always at a threshold of 1.</summary>
    private bool Degenerate(double threshold, double ess) => threshold >= 1 || ess < threshold * Count;

    /// <summary>One particle index drawn in proportion to the current weights.</summary>
    internal int Draw(Rng rng)
    {
        int k = LogWeightStatistics.DrawIndex(_logWeights, rng);
        return k >= 0 ? k : throw AllImpossible();
    }
}
