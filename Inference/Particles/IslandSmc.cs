namespace Probabilistic.Inference.Particles;

/// <summary>
/// The island particle model (Vergé, Dubarry, Del Moral &amp; Moulines, "On parallel implementation of sequential Monte
/// Carlo methods: the island particle model", Statistics and Computing 25, 2015): B bootstrap filters ("islands") of M
/// particles advance one observation at a time; a coordinator either leaves them independent (pooled at the end as
/// <see cref="SmcOptions.Islands"/> pools them) or resamples whole islands in proportion to their evidence increments
/// (<see cref="IslandInteraction.Resampling"/>, the paper's double bootstrap). The same coordinator drives islands in
/// this process (<see cref="Run{T}"/>) and islands on grains (Probabilistic.Distributed's <c>Cluster.Smc</c>), so a seed
/// gives the same result on one machine and on a cluster.
/// </summary>
/// <remarks>
/// <para><b>Why island resampling keeps Ẑ unbiased.</b> Let ξ_t^b be island b's whole state after step t (its M particles,
/// weights and pushed evidence) and ẑ_t^b = Ẑ_t^b / Ẑ_{t−1}^b its evidence increment, a function of ξ_{t−1}^b and
/// ξ_t^b. Within one island, E[Π_{s≤t} ẑ_s^b] = Z_t (Del Moral 2004, Thm 7.4.2: the bootstrap filter's estimate is unbiased
/// for any unbiased resampler). Read each island as one "particle" of an outer SMC on the path space of island states:
/// its proposal is the within-island step ξ_{t−1} → ξ_t, with law K_t, and its incremental weight is G_t(ξ_{t−1}, ξ_t) =
/// ẑ_t. The outer target's unnormalized law after t steps is γ̄_t(ξ_{0:t}) = Π_s K_s(ξ_{s−1}, dξ_s)·G_s(ξ_{s−1}, ξ_s), whose
/// total mass is E_K[Π_s ẑ_s] = Z_t. The outer SMC with B particles, weights W_t^b = Π ẑ over the steps since the last
/// island resampling, and any unbiased resampler of islands estimates that mass by
/// Ẑ = Π_{resamplings r} (1/B Σ_b W_{t_r}^b) · (1/B Σ_b W_T^b), which is therefore unbiased for Z_T by the same theorem
/// applied to the outer SMC (its particles live on a larger space; the theorem needs no more than unbiased resampling and
/// non-negative weights). With no island resampling it reduces to the independent islands' mean of the Ẑ_b. The copies
/// of one island continue with fresh streams: conditionally on the resampled island states their futures are independent
/// draws of K, as the outer SMC requires. The pooled sample weighs particle i of island b by W_T^b · W̄_{b,i}.</para>
/// <para>The exactness properties (PropertyTests, <c>IslandPreservationProperties</c>) enumerate every outcome of both
/// schemes on small programs with scripted randomness and find E[Ẑ] = Z to rounding.</para>
/// </remarks>
public static class IslandSmc
{
    /// <summary>Salt of the coordinator's streams (island resampling), apart from the islands' own seeds.</summary>
    private const ulong CoordinatorSalt = 0x243F6A8885A308D3UL;

    /// <summary>The seed island b starts from: the b-th of <c>new Rng(seed).Split(islands)</c>, as <see cref="SmcOptions.Islands"/> seeds its islands.</summary>
    public static ulong[] IslandSeeds(ulong seed, int islands)
    {
        OptionRules.AtLeast("IslandSmc", nameof(islands), islands);
        return [.. new Rng(seed).Split(islands).Select(r => r.NextULong())];
    }

    /// <summary>
    /// Island SMC on <paramref name="model"/> in this process: <see cref="IslandSmcOptions.Islands"/> filters of
    /// <see cref="IslandSmcOptions.Island"/>'s particles (the compiled twin's particle program when the model has one),
    /// advanced in parallel one step at a time. With independent islands the result is
    /// <c>Infer.Smc(model, Island with { Particles = B·M, Islands = B })</c>'s, bit for bit.
    /// </summary>
    public static WeightedSample<T> Run<T>(Model<T> model, IslandSmcOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = (options ?? new IslandSmcOptions()).Validated();
        var islands = LocalIslands<T>.Start(model, o);
        WeightedSample<T>? result = null;
        // The local islands complete every task before returning it, so this runs synchronously on this thread.
        ParallelRun.Invoke(() => result = Drive(islands, o, null, cancellationToken).GetAwaiter().GetResult());
        return result!;
    }

    /// <summary>
    /// Drives <paramref name="islands"/> (already started, island b from <see cref="IslandSeeds"/>[b]) to the end with
    /// <paramref name="options"/>' interaction, and pools them into one weighted sample with log Ẑ and its standard error
    /// (from the islands' spread when they stayed independent, <see cref="LogEvidenceErrorKind.Islands"/>; from the island
    /// genealogy otherwise, <see cref="LeeWhiteleyRelativeVariance"/> applied to islands).
    /// </summary>
    public static Task<WeightedSample<T>> RunAsync<T>(ISmcIslands<T> islands, IslandSmcOptions options, CancellationToken cancellationToken = default) =>
        Drive(islands, options, null, cancellationToken);

    private static double LeeWhiteleyRelativeVariance(ReadOnlySpan<double> w, ReadOnlySpan<int> e, int r) => LogEvidenceError.LeeWhiteleyRelativeVariance(w, e, r);

    /// <summary>As the public overload; with <paramref name="randomness"/>, the islands are resampled through it (exactness tests).</summary>
    internal static async Task<WeightedSample<T>> Drive<T>(ISmcIslands<T> islands, IslandSmcOptions options, IFiniteRandomness? randomness, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(islands);
        var o = options.Validated();
        int b = islands.Count;
        if (b != o.Islands) throw new ArgumentException($"IslandSmc: the options give {o.Islands} islands, but {b} were started.", nameof(islands));
        var baseLogEvidence = new double[b];
        var eves = Enumerable.Range(0, b).ToArray();
        double pushed = 0;
        int resamplings = 0, otherResamplings = 0;
        for (int step = 1; ; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = await islands.AdvanceAsync(cancellationToken).ConfigureAwait(false);
            if (status.All(s => s.Finished)) break;
            if (o.Interaction != IslandInteraction.Resampling) continue;
            var logWeights = new double[b];
            for (int k = 0; k < b; k++) logWeights[k] = status[k].LogEvidence - baseLogEvidence[k];
            double ess = LogWeightStatistics.EffectiveSampleSize(logWeights, out double logMeanExp);
            if (double.IsNegativeInfinity(logMeanExp)) throw new ModelException($"IslandSmc: every island has weight 0 after step {step}.");
            if (!(o.IslandEssThreshold >= 1 || ess < o.IslandEssThreshold * b)) continue;
            var weights = new double[b];
            for (int k = 0; k < b; k++) weights[k] = Math.Exp(logWeights[k] - logMeanExp);
            var ancestors = new int[b];
            var rng = new Rng(o.Island.Seed ^ CoordinatorSalt, (ulong)step);
            if (randomness is null) o.Island.Resampler.Resample(weights, ancestors, rng);
            else o.Island.Resampler.Resample(weights, ancestors, randomness);
            var seeds = new ulong[b];
            for (int k = 0; k < b; k++) seeds[k] = rng.NextULong();
            pushed += logMeanExp;
            var newEves = new int[b];
            for (int k = 0; k < b; k++)
            {
                baseLogEvidence[k] = status[ancestors[k]].LogEvidence;
                newEves[k] = eves[ancestors[k]];
            }
            eves = newEves;
            resamplings++;
            if (o.Island.Resampler != Resampler.Multinomial) otherResamplings++;
            await islands.CopyAsync(ancestors, seeds, cancellationToken).ConfigureAwait(false);
        }
        var results = await islands.ResultsAsync(cancellationToken).ConfigureAwait(false);
        if (resamplings == 0) return Islands.Pool(results);
        return Pool(results, baseLogEvidence, pushed, eves, resamplings, otherResamplings);
    }

    /// <summary>
    /// The islands' particles in one sample: particle i of island b weighted by W_T^b·W̄_{b,i} (W_T^b its evidence since
    /// the last island resampling), log Ẑ = pushed + log-mean-exp of the W_T^b, the error from the island genealogy.
    /// </summary>
    private static WeightedSample<T> Pool<T>(WeightedSample<T>[] results, double[] baseLogEvidence, double pushed, int[] eves, int resamplings, int otherResamplings)
    {
        int b = results.Length;
        var islandLogWeights = new double[b];
        int total = 0;
        for (int k = 0; k < b; k++)
        {
            islandLogWeights[k] = results[k].LogEvidence - baseLogEvidence[k];
            total += results[k].Count;
        }
        var values = new T[total];
        var logWeights = new double[total];
        int j = 0;
        for (int k = 0; k < b; k++)
        {
            double logM = Math.Log(results[k].Count);
            for (int i = 0; i < results[k].Count; i++, j++)
            {
                values[j] = results[k].Values[i];
                logWeights[j] = islandLogWeights[k] + Math.Log(results[k].Weights[i]) + logM;
            }
        }
        double se = LogEvidenceError.LogStandardError(LeeWhiteleyRelativeVariance(islandLogWeights, eves, resamplings));
        return new WeightedSample<T>(values, logWeights, pushed + LogWeightStatistics.LogMeanExp(islandLogWeights), se)
        {
            LogEvidenceStandardErrorKind = double.IsNaN(se) ? LogEvidenceErrorKind.None
                : otherResamplings > 0 ? LogEvidenceErrorKind.GenealogyApproximate : LogEvidenceErrorKind.Genealogy,
        };
    }
}
