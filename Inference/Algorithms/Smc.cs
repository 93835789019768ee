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
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Smc(model, Stepper.Bootstrap, options, progress, cancellationToken);

    /// <summary>
    /// SMC with a user proposal (the guided particle filter): before each step a particle's choices up to its
    /// next observation are drawn from <paramref name="proposal"/>(its choices so far, step) where it proposes
    /// them, each particle reweighted by p/q (<see cref="Stepper.Guided{TProposal}"/>); otherwise as
    /// <see cref="Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/>.
    /// </summary>
    public static WeightedSample<T> Smc<T, TProposal>(Model<T> model, Func<ChoiceMap, int, Model<TProposal>> proposal, SmcOptions? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Smc(model, Stepper.Guided(proposal), options, progress, cancellationToken);

    /// <summary>
    /// SMC whose particles move with <paramref name="stepper"/> (<see cref="Stepper.Bootstrap"/>, <see cref="Stepper.Guided{TProposal}"/>,
    /// <see cref="Stepper.Constrained"/>, …): <c>Spawn</c>, <c>Sequentially</c>, <c>Collapse</c>; with
    /// <see cref="SmcOptions.Islands"/> = B &gt; 1, B independent filters of N/B particles (island b from seed stream b of
    /// the options' seed, run in parallel, one thread each; progress from island 0) pooled by <see cref="Islands.Pool{T}"/>.
    /// With the bootstrap stepper, a model that carries a compiled twin (<see cref="Compilation.CompiledAttribute"/>) runs
    /// the twin's particle program (<see cref="Compiled.CompiledSmc{T}"/>: the same particles, weights and evidence, with
    /// nothing allocated per particle-step) unless <see cref="ParticleOptions.Interpreted"/> is set.
    /// </summary>
    public static WeightedSample<T> Smc<T>(Model<T> model, Stepper stepper, SmcOptions? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stepper);
        var o = OptionRules.Checked(options);
        var twin = ReferenceEquals(stepper, Stepper.Bootstrap) && !o.Interpreted && Compilation.CompiledModels.TryGetTwin(model, out var t) ? t : null;
        if (o.Islands == 1) return Filter(model, twin, stepper, o, o.Seed, progress, cancellationToken);
        var island = o with { Particles = o.Particles / o.Islands, MaxDegreeOfParallelism = 1 };
        var seeds = new Rng(o.Seed).Split(o.Islands);
        var islands = new WeightedSample<T>[o.Islands];
        ParallelRun.Invoke(() => Parallel.For(0, o.Islands, new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            k => islands[k] = Filter(model, twin, stepper, island, seeds[k].NextULong(), k == 0 ? progress : null, cancellationToken)));
        return Islands.Pool(islands);
    }

    /// <summary>One filter of <paramref name="o"/>'s particles from <paramref name="seed"/>: the twin's particle program when given, else the interpreted population.</summary>
    private static WeightedSample<T> Filter<T>(Model<T> model, Compilation.CompiledModel<T>? twin, Stepper stepper, SmcOptions o, ulong seed,
        IProgress<SmcProgress>? progress, CancellationToken cancellationToken) =>
        twin is not null
            ? twin.Accept(new Compiled.CompiledSmc<T>(o, seed, twin.Name, progress, cancellationToken))
            : Population<T>.Spawn(model, o, stepper, seed).Sequentially(o.Resampler, o.EssThreshold, null, progress, cancellationToken).Collapse();
}
