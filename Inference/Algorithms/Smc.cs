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
        if (o.Islands > 1) return Islands(o, (n, seed) => Population<T>.Spawn(model, n, seed), progress, cancellationToken);
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
        if (o.Islands > 1) return Islands(o, (n, seed) => Population<T>.Spawn(model, n, seed).Propose(proposal), progress, cancellationToken);
        return Filter(Population<T>.Spawn(model, o.Particles, o.Seed).Propose(proposal), o.Resampler, o.EssThreshold, o.MaxDegreeOfParallelism, null, progress, cancellationToken);
    }

    private static SmcOptions Checked(SmcOptions? options)
    {
        var o = options ?? new SmcOptions();
        OptionRules.AtLeast("Smc", nameof(o.Particles), o.Particles);
        OptionRules.Resampler("Smc", o.Resampler);
        OptionRules.EssThreshold("Smc", o.EssThreshold);
        OptionRules.Threads("Smc", o.MaxDegreeOfParallelism);
        OptionRules.AtLeast("Smc", nameof(o.Islands), o.Islands);
        if (o.Particles % o.Islands != 0 || o.Particles / o.Islands < 2)
            throw new ArgumentOutOfRangeException(nameof(options), o.Islands,
                $"Smc: Islands ({o.Islands}) must divide Particles ({o.Particles}) into islands of at least 2 particles.");
        return o;
    }

    /// <summary>
    /// The island particle model (Vergé, Dubarry, Del Moral &amp; Moulines, Statistics and Computing 2015): B independent
    /// filters of N/B particles (island b from seed stream b of the options' seed), run in parallel. The result pools
    /// their particles, island b's weighted by its Ẑ_b, so that log Ẑ = log of the mean of the Ẑ_b (unbiased), with the
    /// standard error from their spread (<see cref="LogEvidenceError.IndependentRelativeVariance"/>). Progress is
    /// reported for island 0.
    /// </summary>
    private static WeightedSample<T> Islands<T>(SmcOptions o, Func<int, ulong, Population<T>> spawn, IProgress<SmcProgress>? progress,
        CancellationToken cancellationToken)
    {
        int b = o.Islands, m = o.Particles / b;
        var seeds = new Rng(o.Seed).Split(b);
        var islands = new WeightedSample<T>[b];
        ParallelRun.Invoke(() => Parallel.For(0, b, new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            k => islands[k] = Filter(spawn(m, seeds[k].NextULong()), o.Resampler, o.EssThreshold, 1, null, k == 0 ? progress : null, cancellationToken)));
        var values = new T[b * m];
        var logWeights = new double[b * m];
        var logEvidences = new double[b];
        double logM = Math.Log(m);
        for (int k = 0; k < b; k++)
        {
            logEvidences[k] = islands[k].LogEvidence;
            for (int i = 0; i < m; i++)
            {
                values[k * m + i] = islands[k].Values[i];
                logWeights[k * m + i] = islands[k].LogEvidence + Math.Log(islands[k].Weights[i]) + logM;
            }
        }
        double se = LogEvidenceError.LogStandardError(LogEvidenceError.IndependentRelativeVariance(logEvidences));
        return new WeightedSample<T>(values, logWeights, LogWeightStatistics.LogMeanExp(logEvidences), se)
        {
            LogEvidenceStandardErrorKind = LogEvidenceErrorKind.Islands,
        };
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
