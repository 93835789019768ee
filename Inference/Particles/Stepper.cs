namespace Probabilistic.Inference.Particles;

/// <summary>
/// How a particle moves to its next score: a <see cref="Population{T}"/> runs each unfinished particle's suspended
/// program until just after its next observation or factor (monad-bayes' <c>Sequential</c>: Ścibior, Kammar &amp;
/// Ghahramani, ICFP 2018), and the stepper decides where each choice made on the way comes from and what it adds to the
/// particle's weight. The population itself has no modes; it holds one stepper:
/// <list type="bullet">
/// <item><see cref="Bootstrap"/>: every choice from its prior (the bootstrap filter, allocation-free);</item>
/// <item><see cref="Constrained"/>: given choices take their value and weigh by its density (<c>Generate</c>: PMMH's and SMC²'s θ);</item>
/// <item><see cref="Conditional"/>: particle 0 follows a reference trajectory and is kept by resampling (particle Gibbs);</item>
/// <item><see cref="Guided{TProposal}"/>: a user proposal per step, weighted by p/q (the guided filter).</item>
/// </list>
/// Two options apply to any of them: <see cref="Recording"/> (persistent per-particle choice histories) and, for the
/// exactness tests, scripted finite randomness in place of the seed's streams.
/// </summary>
public abstract class Stepper
{
    private protected Stepper(bool records, IFiniteRandomness? randomness)
    {
        Records = records;
        Randomness = randomness;
    }

    /// <summary>Whether particles record their choices in histories that resampled offspring share (<see cref="Population{T}.Choices"/>).</summary>
    public bool Records { get; }

    /// <summary>When set, every prior draw and every resampling draws through it, on one thread in particle order.</summary>
    internal IFiniteRandomness? Randomness { get; }

    /// <summary>Every choice from its prior (Gordon, Salmond &amp; Smith 1993); no address is resolved unless choices are recorded.</summary>
    public static Stepper Bootstrap { get; } = new BootstrapStepper(false, null);

    /// <summary>
    /// The choices of <paramref name="constraints"/> take their given value and add its log density to the weight
    /// (<c>Generate</c>'s semantics), so the evidence estimate is one of p(constraints, observations); the others come
    /// from the prior. A particle that finishes without visiting every constrained address is a <see cref="ModelException"/>
    /// naming the missing ones. Records choices.
    /// </summary>
    public static Stepper Constrained(ChoiceMap constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        return new ConstrainedStepper(constraints, null);
    }

    /// <summary>
    /// Conditional SMC (Andrieu, Doucet &amp; Holenstein, JRSS B 2010, §2.4.3): particle 0 follows <paramref name="reference"/>
    /// (its choices take the reference's values and, being the path a prior draw would have made, add nothing to its
    /// weight) and is never resampled away: resampling keeps it in slot 0 and draws the other N − 1 ancestors from all N.
    /// The paper's kernel draws them multinomially; other schemes need conditional versions of themselves (Chopin &amp;
    /// Singh, Bernoulli 2015), which this does not do. Records choices.
    /// </summary>
    public static Stepper Conditional(ChoiceMap reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new ConditionalStepper(reference, null);
    }

    /// <summary>
    /// The guided particle filter (Doucet, de Freitas &amp; Gordon, <i>Sequential Monte Carlo Methods in Practice</i>, 2001,
    /// §1.3; Gen's particle filter with a custom proposal): before step k a particle runs <paramref name="proposal"/>(its
    /// choices so far, k); the proposal's choices σ (log density log q) fix those addresses in the segment up to the next
    /// observation, and the weight gains log p(σ) − log q(σ) besides the observation's score; choices σ leaves out come
    /// from the prior. A proposed address the segment does not visit is a <see cref="ModelException"/> naming it. The
    /// history is rebuilt for each call (O(t) per step). Records choices; draws from the seed's streams only.
    /// </summary>
    public static Stepper Guided<TProposal>(Func<ChoiceMap, int, Model<TProposal>> proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new GuidedStepper((history, step, rng) =>
        {
            var q = (proposal(history, step) ?? throw new ModelException($"Population.Propose: the proposal returned null at step {step}.")).Simulate(rng);
            return (q.Choices, q.LogJoint);
        });
    }

    /// <summary>This stepper with choice recording on.</summary>
    public Stepper Recording() => Records ? this : With(true, Randomness);

    /// <summary>This stepper drawing every prior choice and resampling through <paramref name="randomness"/> (exact enumeration).</summary>
    internal Stepper Scripted(IFiniteRandomness randomness)
    {
        ArgumentNullException.ThrowIfNull(randomness);
        return With(Records, randomness);
    }

    /// <summary>A copy with the given options.</summary>
    private protected abstract Stepper With(bool records, IFiniteRandomness? randomness);

    /// <summary>A handler that moves particles (one per thread), suspending after each score when <paramref name="suspendAtScores"/>.</summary>
    internal abstract ParticleHandler NewHandler(bool suspendAtScores);

    /// <summary>Whether each step's target is the prior partial program, so that prior single-site moves leave it invariant (resample-move).</summary>
    internal virtual bool TargetsPrior => false;

    /// <summary>After particle <paramref name="particle"/> finished the model: checks what the stepper requires of a whole run.</summary>
    internal virtual void Finished(int particle, ChoiceHistory? history, int tally) { }

    /// <summary>
    /// Draws the ancestors for <paramref name="weights"/> with <paramref name="resampler"/>: from <see cref="Randomness"/>
    /// when set, else from stream <paramref name="stream"/> of <paramref name="seed"/>.
    /// </summary>
    internal virtual void DrawAncestors(Resampler resampler, ReadOnlySpan<double> weights, Span<int> ancestors, ulong seed, ulong stream)
    {
        if (ancestors.Length == 0) return;
        if (Randomness is not null) resampler.Resample(weights, ancestors, Randomness);
        else resampler.Resample(weights, ancestors, new Rng(seed, stream));
    }
}
