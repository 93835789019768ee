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
        var o = Checked(options);
        return Filter(Population<T>.Spawn(model, o.Particles, o.Seed), o.Resampler, o.EssThreshold, o.MaxDegreeOfParallelism, null, progress, cancellationToken);
    }

    /// <summary>
    /// SMC with a user proposal (the guided particle filter): before each step a particle's choices up to its
    /// next observation are drawn from <paramref name="proposal"/>(its choices so far, step) where it proposes
    /// them, each particle reweighted by p/q (<see cref="Population{T}.Propose{TProposal}"/>); otherwise as
    /// <see cref="Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/>.
    /// </summary>
    public static WeightedSample<T> Smc<T, TProposal>(Model<T> model, Func<ChoiceMap, int, Model<TProposal>> proposal, SmcOptions? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(proposal);
        var o = Checked(options);
        return Filter(Population<T>.Spawn(model, o.Particles, o.Seed).Propose(proposal), o.Resampler, o.EssThreshold, o.MaxDegreeOfParallelism, null, progress, cancellationToken);
    }

    private static SmcOptions Checked(SmcOptions? options)
    {
        var o = options ?? new SmcOptions();
        OptionRules.AtLeast("Smc", nameof(o.Particles), o.Particles);
        OptionRules.Resampler("Smc", o.Resampler);
        OptionRules.EssThreshold("Smc", o.EssThreshold);
        OptionRules.Threads("Smc", o.MaxDegreeOfParallelism);
        return o;
    }

    /// <summary>
    /// Advance, then resample adaptively (and apply <paramref name="afterResampling"/>, RMSMC's move, when the
    /// population was resampled), until every particle has finished; then collapse.
    /// </summary>
    internal static WeightedSample<T> Filter<T>(Population<T> population, Resampler resampler, double essThreshold, int maxDegreeOfParallelism,
        Action<Population<T>>? afterResampling, IProgress<SmcProgress>? progress, CancellationToken cancellationToken)
    {
        population.MaxDegreeOfParallelism = maxDegreeOfParallelism;
        while (!population.AllFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            population.Advance();
            double ess = population.EffectiveSampleSize;
            int before = population.Resamplings;
            if (!population.AllFinished) population.ResampleIfDegenerate(resampler, essThreshold);
            bool resampled = population.Resamplings > before;
            if (resampled) afterResampling?.Invoke(population);
            progress?.Report(new SmcProgress(population.Step, ess, population.LogEvidence, resampled));
        }
        return population.Collapse();
    }
}
