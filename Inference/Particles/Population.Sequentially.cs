namespace Probabilistic.Inference.Particles;

public sealed partial class Population<T>
{
    /// <summary>
    /// Advances to the end, resampling with <paramref name="resampler"/> whenever the ESS falls below
    /// <paramref name="essThreshold"/>·N (always when it is 1) after a step that leaves some particle unfinished, and
    /// applying <paramref name="afterResampling"/> (resample-move's move) after each resampling: monad-bayes'
    /// <c>sequentially resampler</c>, the one loop every particle algorithm runs. <paramref name="progress"/> hears of
    /// each step. Every particle reaching weight 0 is a <see cref="ModelException"/> naming the step and the cause.
    /// </summary>
    public Population<T> Sequentially(Resampler resampler, double essThreshold, Action<Population<T>>? afterResampling = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default) =>
        TrySequentially(resampler, essThreshold, afterResampling, progress, cancellationToken) ? this : throw AllImpossible();

    /// <summary>
    /// As <see cref="Sequentially"/>, for at most <paramref name="steps"/> steps; returns false, stopping early, when every
    /// particle has weight 0 (PMMH and SMC² read that as an evidence estimate of 0).
    /// </summary>
    internal bool TrySequentially(Resampler resampler, double essThreshold, Action<Population<T>>? afterResampling = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default, int steps = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(resampler);
        if (!(essThreshold >= 0 && essThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(essThreshold), essThreshold, "Sequentially: the ESS threshold must be in [0, 1].");
        for (int k = 0; k < steps && !AllFinished; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Advance();
            if (AllImpossibleNow) return false;
            double ess = EffectiveSampleSize;
            bool resampled = !AllFinished && Degenerate(essThreshold, ess);
            if (resampled)
            {
                Resample(resampler);
                afterResampling?.Invoke(this);
            }
            progress?.Report(new SmcProgress(Step, ess, LogEvidence, resampled));
        }
        return true;
    }
}
