using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Sequential Monte Carlo — the bootstrap particle filter for any model (Gordon, Salmond &amp; Smith 1993;
    /// as a composition, monad-bayes' <c>smc = marginal . sequentially resample n . spawn</c>): spawn N
    /// particles, then repeatedly advance each to its next observation or factor, weighting it by the score,
    /// and resample (adaptively, on ESS) until every particle has finished. Returns the weighted return
    /// values with the unbiased estimate of the evidence and its estimated standard error.
    /// </summary>
    public static WeightedSample<T> Smc<T>(Model<T> model, SmcOptions? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new SmcOptions();
        if (o.Particles <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Particles, "Smc: Particles must be positive.");
        ArgumentNullException.ThrowIfNull(o.Resampler, "options.Resampler");

        var population = Population<T>.Spawn(model, o.Particles, o.Seed);
        population.MaxDegreeOfParallelism = o.MaxDegreeOfParallelism;
        while (!population.AllFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            population.Advance();
            double ess = population.EffectiveSampleSize;
            int before = population.Resamplings;
            if (!population.AllFinished) population.ResampleIfDegenerate(o.Resampler, o.EssThreshold);
            progress?.Report(new SmcProgress(population.Step, ess, population.LogEvidence, population.Resamplings > before));
        }
        return population.Collapse();
    }
}
