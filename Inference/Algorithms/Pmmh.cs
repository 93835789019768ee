using Probabilistic.Inference.Particles;
using Probabilistic.Inference.Traced;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Particle marginal Metropolis–Hastings (Andrieu, Doucet &amp; Holenstein, "Particle Markov chain Monte Carlo methods",
    /// JRSS B 2010, §2.4.2; monad-bayes' <c>pmmh</c>): the MH chain over (θ, Ẑ), θ the choices <paramref name="selection"/>
    /// picks and Ẑ(θ) the constrained SMC's unbiased estimate of p(θ, y) (<see cref="Stepper.Constrained"/>). Each
    /// transition draws θ' ~ p(θ') from a fresh prior run and accepts with α = p̂(y | θ') / p̂(y | θ) = [Ẑ(θ')/p(θ')] /
    /// [Ẑ(θ)/p(θ)]. The chain targets p(θ, u | y) on θ and the SMC's randomness u, whose θ-marginal is p(θ | y) (Andrieu &amp;
    /// Roberts 2009). The selected choices' distributions must not depend on unselected ones. Each kept state carries one
    /// particle's return value drawn by weight. A selection naming an unvisited address, or no choice, is a <see cref="ModelException"/>.
    /// A model with a compiled twin (<see cref="Compilation.CompiledAttribute"/>) runs its inner filters on the twin's
    /// particle program with θ given (the same chain for the same seed) unless <see cref="ParticleOptions.Interpreted"/> is set.
    /// </summary>
    public static PmmhChain<T> Pmmh<T>(Model<T> model, Selection selection, PmmhOptions? options = null,
        IProgress<PmmhProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selection);
        model = PseudoMarginal.AsRun(model, options);
        var o = OptionRules.Checked(options);
        return PmmhChain(PmmhSampler<T>.StartPrior(model, selection, o, cancellationToken), progress, cancellationToken);
    }

    /// <summary>
    /// PMMH with a user proposal: <paramref name="proposal"/>(θ) is a model whose choices σ (log density log q_fwd) are new
    /// values for some selected addresses; θ' = θ with σ replaced, and log q_bwd is <paramref name="proposal"/>(θ') assessed at
    /// θ's old values of σ's addresses. Accept with α = Ẑ(θ') q_bwd / (Ẑ(θ) q_fwd) (ibid., §2.4.2). A proposed address outside
    /// the selection, or one the model never visits, is a <see cref="ModelException"/> naming it.
    /// </summary>
    public static PmmhChain<T> Pmmh<T, TProposal>(Model<T> model, Selection selection, Func<ChoiceMap, Model<TProposal>> proposal,
        PmmhOptions? options = null, IProgress<PmmhProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(proposal);
        model = PseudoMarginal.AsRun(model, options);
        var o = OptionRules.Checked(options);
        return PmmhChain(PmmhSampler<T>.Start(model, selection, o, (s, rng) =>
        {
            var forward = proposal(s.Theta).Simulate(rng);
            foreach (var a in forward.Choices.Addresses)
                if (!selection.Contains(a)) throw new ModelException($"Pmmh: the proposal chose address '{a}', which is not in the parameter selection {selection}.", a);
            var next = s.Theta.Merge(forward.Choices);
            return (next, 0.0, proposal(next).Assess(s.Theta.Filter(Selection.Of(forward.Choices.Addresses))) - forward.LogJoint);
        }, cancellationToken), progress, cancellationToken);
    }

    /// <summary>The whole chain from its start, in one segment.</summary>
    private static PmmhChain<T> PmmhChain<T>(PmmhSampler<T> sampler, IProgress<PmmhProgress>? progress, CancellationToken cancellationToken)
    {
        var kept = sampler.Run(sampler.Total, progress is null ? null : (it, total, accepted, s) =>
            progress.Report(new PmmhProgress(it, total, (double)accepted / it, s.LogZ)), cancellationToken);
        return new PmmhChain<T>(kept.ConvertAll(s => s.Theta), kept.ConvertAll(s => s.Value), kept.ConvertAll(s => s.LogZ), (double)sampler.Accepted / sampler.Total);
    }
}
