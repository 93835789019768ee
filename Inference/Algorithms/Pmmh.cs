using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Particle marginal Metropolis–Hastings (Andrieu, Doucet &amp; Holenstein, "Particle Markov chain Monte
    /// Carlo methods", JRSS B 2010, §2.4.2; monad-bayes' <c>pmmh</c>, Ścibior et al. ICFP 2018): MH over the
    /// parameters θ — the choices <paramref name="selection"/> picks — whose likelihood is estimated by SMC on
    /// the model with θ fixed. Each transition draws θ' ~ p(θ') from the model's own distributions (a fresh
    /// prior run, keeping the selected choices), runs SMC with θ' constrained (<see cref="Population{T}.Constrain"/>),
    /// which gives Ẑ(θ'), an unbiased estimate of p(θ', y) (the constraints' log density enters the weights),
    /// and accepts with probability min(1, α),
    /// <code>α = [Ẑ(θ') q(θ | θ')] / [Ẑ(θ) q(θ' | θ)] = [Ẑ(θ')/p(θ')] / [Ẑ(θ)/p(θ)] = p̂(y | θ') / p̂(y | θ),</code>
    /// the ratio of the evidence estimates given θ, since q(θ' | θ) = p(θ'). The chain targets
    /// p(θ, u | y) on the extended space of θ and the SMC's randomness u, whose θ-marginal is p(θ | y)
    /// (Andrieu &amp; Roberts, Ann. Statist. 2009). p(θ) is the product of the selected choices' densities in
    /// the run that drew them: the selected choices' distributions must not depend on unselected ones
    /// (they are parameters). Each kept state also carries one particle's return value drawn by weight.
    /// A selection naming an address the model never visits, or picking no choice, is a <see cref="ModelException"/>.
    /// </summary>
    public static PmmhChain<T> Pmmh<T>(Model<T> model, Selection selection, PmmhOptions? options = null,
        IProgress<PmmhProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selection);
        return PmmhChain(model, selection, options, (_, logPrior, rng) =>
        {
            var (next, nextLogPrior) = PriorParameters(model, selection, rng);
            return (next, nextLogPrior, logPrior - nextLogPrior);
        }, progress, cancellationToken);
    }

    /// <summary>
    /// Particle marginal Metropolis–Hastings with a user proposal for the parameters: <paramref name="proposal"/>(θ) is a
    /// model whose choices σ (log density log q_fwd) are new values for some of the selected addresses; θ' = θ with σ
    /// replaced, and the backward density log q_bwd is <paramref name="proposal"/>(θ') assessed at θ's old values
    /// of σ's addresses. Accept with
    /// <code>α = Ẑ(θ') q_bwd / (Ẑ(θ) q_fwd),</code>
    /// Ẑ(θ) the SMC estimate of p(θ, y) (Andrieu, Doucet &amp; Holenstein 2010, §2.4.2). A proposed address outside
    /// the selection, or one the model never visits, is a <see cref="ModelException"/> naming it.
    /// </summary>
    public static PmmhChain<T> Pmmh<T, TProposal>(Model<T> model, Selection selection, Func<ChoiceMap, Model<TProposal>> proposal,
        PmmhOptions? options = null, IProgress<PmmhProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(proposal);
        return PmmhChain(model, selection, options, (theta, _, rng) =>
        {
            var forward = proposal(theta).Simulate(rng);
            foreach (var a in forward.Choices.Addresses)
                if (!selection.Contains(a)) throw new ModelException($"Pmmh: the proposal chose address '{a}', which is not in the parameter selection {selection}.", a);
            var next = theta.Merge(forward.Choices);
            double backward = proposal(next).Assess(theta.Filter(Selection.Of(forward.Choices.Addresses)));
            return (next, 0.0, backward - forward.LogJoint);
        }, progress, cancellationToken);
    }

    /// <summary>The chain: <paramref name="propose"/>(θ, log p(θ), rng) gives θ', log p(θ') and log q(θ | θ') − log q(θ' | θ).</summary>
    private static PmmhChain<T> PmmhChain<T>(Model<T> model, Selection selection, PmmhOptions? options,
        Func<ChoiceMap, double, Rng, (ChoiceMap Theta, double LogPrior, double LogCorrection)> propose,
        IProgress<PmmhProgress>? progress, CancellationToken cancellationToken)
    {
        var o = options ?? new PmmhOptions();
        if (o.Samples <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Samples, "Pmmh: Samples must be positive.");
        if (o.BurnIn < 0) throw new ArgumentOutOfRangeException(nameof(options), o.BurnIn, "Pmmh: BurnIn must be non-negative.");
        if (o.Particles <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Particles, "Pmmh: Particles must be positive.");
        if (o.InitAttempts <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.InitAttempts, "Pmmh: InitAttempts must be positive.");
        OptionRules.Resampler("Pmmh", o.Resampler);
        OptionRules.EssThreshold("Pmmh", o.EssThreshold);
        var rng = new Rng(o.Seed);

        // Start from a prior draw of θ whose evidence estimate is positive.
        ChoiceMap theta = ChoiceMap.Empty;
        double logPrior = 0, logZ = double.NegativeInfinity;
        T value = default!;
        for (int attempt = 0; double.IsNegativeInfinity(logZ); attempt++)
        {
            if (attempt == o.InitAttempts) throw new ModelException($"Pmmh: no parameter drawn from the prior in {o.InitAttempts} attempts had a positive evidence estimate.");
            (theta, logPrior) = PriorParameters(model, selection, rng);
            (logZ, value) = ConstrainedSmc(model, theta, o, rng, cancellationToken);
        }

        int total = o.BurnIn + o.Samples, accepted = 0;
        var parameters = new List<ChoiceMap>(o.Samples);
        var values = new List<T>(o.Samples);
        var evidence = new List<double>(o.Samples);
        for (int it = 1; it <= total; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (next, nextLogPrior, correction) = propose(theta, logPrior, rng);
            var (nextLogZ, nextValue) = ConstrainedSmc(model, next, o, rng, cancellationToken);
            double logAlpha = nextLogZ - logZ + correction;
            if (!double.IsNegativeInfinity(nextLogZ) && (logAlpha >= 0 || Math.Log(rng.NextOpenDouble()) < logAlpha))
            {
                (theta, logPrior, logZ, value) = (next, nextLogPrior, nextLogZ, nextValue);
                accepted++;
            }
            if (it > o.BurnIn)
            {
                parameters.Add(theta);
                values.Add(value);
                evidence.Add(logZ);
            }
            if (progress is not null && (it % 10 == 0 || it == total)) progress.Report(new PmmhProgress(it, total, (double)accepted / it, logZ));
        }
        return new PmmhChain<T>(parameters, values, evidence, (double)accepted / total);
    }

    /// <summary>θ ~ p(θ): the selected choices of one prior run, and the sum of their log densities.</summary>
    private static (ChoiceMap Theta, double LogPrior) PriorParameters<T>(Model<T> model, Selection selection, Rng rng, string algorithm = "Pmmh")
    {
        var trace = model.Simulate(rng);
        foreach (var a in selection.NamedAddresses)
            if (!trace.Contains(a)) throw new ModelException($"{algorithm}: the parameter selection names address '{a}', which the model never visits.", a);
        double logPrior = 0;
        foreach (var c in trace.ChoiceRecords)
            if (selection.Contains(c.Address)) logPrior += c.LogProb;
        var theta = trace.Choices.Filter(selection);
        if (theta.Count == 0) throw new ModelException($"{algorithm}: the parameter selection {selection} picks no choice of the model.");
        return (theta, logPrior);
    }

    /// <summary>SMC with θ constrained: log Ẑ(θ) (−∞ when every particle has weight 0) and a return value drawn by weight.</summary>
    private static (double LogZ, T Value) ConstrainedSmc<T>(Model<T> model, ChoiceMap theta, PmmhOptions o, Rng rng, CancellationToken cancellationToken)
    {
        var population = Population<T>.Spawn(model, o.Particles, rng.NextULong()).Constrain(theta);
        population.MaxDegreeOfParallelism = 1;
        population.Algorithm = "Pmmh";
        if (!population.Filter(o.Resampler, o.EssThreshold, cancellationToken)) return (double.NegativeInfinity, default!);
        double logZ = population.LogEvidence;
        return double.IsNegativeInfinity(logZ) ? (logZ, default!) : (logZ, population.Value(population.Draw(rng)));
    }
}
