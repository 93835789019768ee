using Probabilistic.Distributions;
using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// A variational family q(z; φ) over a model's latent choices: a model over the same addresses whose <c>Param</c>s are
/// φ (<see cref="FromModel{T}"/>), or an autoguide (<see cref="AutoNormal"/>, <see cref="AutoMultivariateNormal"/>,
/// <see cref="AutoDelta"/>, or the fixed <see cref="AutoLaplace"/>). Per-address gradient estimators can be
/// chosen with <see cref="WithEstimator"/>.
/// </summary>
public abstract class Guide
{
    private protected readonly Dictionary<Address, GradientEstimator> Estimators = [];

    private protected Guide() { }

    /// <summary>A guide written as a model over the latent addresses of the target model.</summary>
    public static Guide FromModel<T>(Model<T> guide)
    {
        ArgumentNullException.ThrowIfNull(guide);
        return new ModelGuide<T>(guide);
    }

    /// <summary>Uses <paramref name="estimator"/> for the choice at <paramref name="address"/> (returns this guide).</summary>
    public Guide WithEstimator(Address address, GradientEstimator estimator)
    {
        ArgumentNullException.ThrowIfNull(address);
        Estimators[address] = estimator;
        Branches = Estimators.Values.Any(e => e is GradientEstimator.Enumeration or GradientEstimator.MeasureValued);
        return this;
    }

    /// <summary>
    /// Draws the latent choices with parameters read from <paramref name="store"/>, for an objective that uses whole draws:
    /// a choice whose estimator branches (<see cref="GradientEstimator.Enumeration"/>, <see cref="GradientEstimator.MeasureValued"/>)
    /// is an error naming its address.
    /// </summary>
    internal abstract GuideDraw Draw(ParameterStore store, Rng rng);

    /// <summary>
    /// Draws for the <see cref="Elbo"/> objective: stops at the first choice whose estimator branches, leaving
    /// <see cref="GuideDraw.Pending"/> to continue from it once per branch value.
    /// </summary>
    internal virtual GuideDraw DrawBranching(ParameterStore store, Rng rng) => Draw(store, rng);

    /// <summary>
    /// The model's latent blocks when this guide draws u on the model's unconstrained space and maps it by each block's
    /// bijector (the autoguides <see cref="AutoNormal"/> and <see cref="AutoMultivariateNormal"/>: their draws carry
    /// <see cref="GuideDraw.Unconstrained"/> and <see cref="GuideDraw.LogJacobian"/>); null otherwise. SVI scores such draws
    /// by a <c>[Compiled]</c> model's generated density at u (<see cref="GeneratedModelScorer"/>).
    /// </summary>
    internal virtual IReadOnlyList<ParameterBlock>? UnconstrainedBlocks => null;

    /// <summary>A posterior draw: every choice drawn from its distribution, whatever its estimator.</summary>
    internal virtual GuideDraw Sample(ParameterStore store, Rng rng) => Draw(store, rng);

    /// <summary>
    /// log q(z; φ) of given values z held fixed (on the tape through the parameters only), for objectives such as
    /// <see cref="WakeQ"/> that differentiate the guide's density at samples. Guides written as models and every autoguide
    /// but <see cref="AutoDelta"/> (a point mass) support it.
    /// </summary>
    /// <exception cref="ModelException">This guide cannot score given values, or a value is missing.</exception>
    internal virtual Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values) =>
        throw new ModelException($"Guide: {GetType().Name} cannot evaluate its density at given values (needed by objectives that differentiate log q at fixed samples, such as WakeQ).");

    /// <summary>True when <see cref="Conditional"/> is implemented (guides written as models).</summary>
    internal virtual bool RunsConditionally => false;

    /// <summary>
    /// Runs the guide with the choices in <paramref name="fixedValues"/> fixed and the other <paramref name="auxiliary"/>
    /// choices drawn by their estimators (score-function ones add their log q to <paramref name="scoreTerms"/>); returns
    /// Σ log q of the fixed non-auxiliary choices given the choices before them — log q(z, u)/r(u | z) with the
    /// proposal r the guide's own conditional of the auxiliary choices u. For <see cref="Marginal"/>.
    /// </summary>
    internal virtual Real Conditional(ParameterStore store, Rng rng, IReadOnlyDictionary<Address, object> fixedValues, Selection auxiliary, List<(Address, Real)> scoreTerms) =>
        throw new ModelException($"Marginal: the guide must be written with Guide.FromModel (a {GetType().Name} has no auxiliary choices to marginalize).");

    /// <summary>
    /// Hierarchical variational inference: the marginal q(z) = ∫ q(z, u) du of <paramref name="guide"/> over its choices
    /// that are not in <paramref name="auxiliary"/>, whose density is estimated by <paramref name="estimator"/> (see
    /// <see cref="Sir"/>): HVI is <see cref="Elbo"/> with <c>Sir(1)</c>, IWHVI <c>Iwelbo(1)</c> (the ELBO) with
    /// <c>Sir(5)</c>, DIWHVI <c>Iwelbo(5)</c> with <c>Sir(5)</c> (Becker et al., PLDI 2024, §7).
    /// </summary>
    /// <param name="guide">A guide written with <see cref="FromModel{T}"/> that makes the auxiliary choices as well as the model's latents; choose per-address estimators on it (the marginal uses its estimators).</param>
    /// <param name="auxiliary">The auxiliary choices: drawn by the guide, absent from the model.</param>
    /// <param name="estimator">The density estimator of the marginal.</param>
    public static Guide Marginal(Guide guide, Selection auxiliary, Sir estimator)
    {
        ArgumentNullException.ThrowIfNull(guide);
        ArgumentNullException.ThrowIfNull(auxiliary);
        ArgumentNullException.ThrowIfNull(estimator);
        if (estimator.K < 1) throw new ArgumentOutOfRangeException(nameof(estimator), estimator.K, "Marginal: Sir(K) needs K ≥ 1.");
        if (!guide.RunsConditionally) throw new ModelException($"Marginal: the guide must be written with Guide.FromModel (a {guide.GetType().Name} has no auxiliary choices to marginalize).");
        return new MarginalGuide(guide, auxiliary, estimator);
    }

    /// <summary>The estimator for a choice: the user's, or the default for its distribution.</summary>
    internal GradientEstimator EstimatorFor(Address address, object distribution, bool reparameterizable, bool finite)
    {
        var chosen = Estimators.TryGetValue(address, out var e) ? e : GradientEstimator.Default;
        if (chosen == GradientEstimator.Default) return reparameterizable ? GradientEstimator.Reparameterization : GradientEstimator.Reinforce;
        if (chosen == GradientEstimator.Reparameterization && !reparameterizable)
            throw new ModelException($"Guide: the reparameterization estimator does not apply to the choice '{address}' ({Describe(distribution)}): it has no reparameterized sampler. Use Reinforce.", address);
        if (chosen == GradientEstimator.Enumeration && !finite)
            throw new ModelException($"Guide: the enumeration estimator does not apply to the choice '{address}' ({Describe(distribution)}): it is not a finite discrete distribution. Use Reinforce or MeasureValued.", address);
        if (chosen == GradientEstimator.MeasureValued && distribution is not IMeasureValued)
            throw new ModelException($"Guide: the measure-valued estimator does not apply to the choice '{address}' ({Describe(distribution)}): its distribution supplies no measure-valued derivative (IMeasureValued: Bernoulli, Categorical, Normal, Poisson). Use Reinforce.", address);
        return chosen;
    }

    /// <summary>True when some choice's estimator branches (the guide's handler then suspends at choices).</summary>
    private protected bool Branches { get; private set; }

    internal static string Describe(object distribution) => distribution switch
    {
        IDistribution<Real> r => r.Name,
        IDistribution<Real[]> v => v.Name,
        IDistribution<int> i => i.Name,
        IDistribution<bool> b => b.Name,
        _ => distribution.GetType().Name,
    };
}

/// <summary>
/// A guide written in the DSL, run over the handler stack: a draw is <see cref="GuideChoices"/> (each choice by its
/// estimator's rule) over <see cref="Seed"/>; its density at given values, and its conditional given the non-auxiliary
/// choices, are a <see cref="Condition{TScalar}"/> of those values over the same handlers.
/// </summary>
internal sealed class ModelGuide<T>(Model<T> guide) : Guide
{
    internal override bool RunsConditionally => true;

    internal override GuideDraw Draw(ParameterStore store, Rng rng) => Run(store, rng, GuideMode.Whole);

    internal override GuideDraw DrawBranching(ParameterStore store, Rng rng) => Run(store, rng, GuideMode.Branching);

    internal override GuideDraw Sample(ParameterStore store, Rng rng) => Run(store, rng, GuideMode.Posterior);

    private GuideDraw Run(ParameterStore store, Rng rng, GuideMode mode)
    {
        var handler = new GuideChoices(this, mode, mode == GuideMode.Branching && Branches, new GuideDraw(), SeedFor(rng));
        var m = new Machine(handler);
        m.Start(guide, store.Scope);
        return Finish(m, handler, rng);
    }

    internal override Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values)
    {
        var given = new Condition<Real>(Constraints(values),
            new GuideChoices(this, GuideMode.Given, false, new GuideDraw(), new Seed(null, "Guide: no value given for the guide's choice '{0}'.")),
            trackVisited: true, weighScores: false);
        var m = new Machine(given);
        m.Start(guide, store.Scope);
        m.Run();
        if (given.Visited != values.Count)
        {
            var extra = values.Keys.First(a => !given.VisitedAddresses!.Contains(a));
            throw new ModelException($"Guide: the values name a choice '{extra}' that the guide does not make.", extra);
        }
        return given.Weight;
    }

    internal override Real Conditional(ParameterStore store, Rng rng, IReadOnlyDictionary<Address, object> fixedValues, Selection auxiliary, List<(Address, Real)> scoreTerms)
    {
        // The fixed choices are constraints (the auxiliary ones among them unweighted); the auxiliary choices not fixed
        // reach GuideChoices, which draws them by their estimators.
        var fixedChoices = new Condition<Real>(Constraints(fixedValues),
            new GuideChoices(this, GuideMode.Auxiliary, false, new GuideDraw(), new Seed(rng), scoreTerms, auxiliary),
            trackVisited: true, weighScores: false, unweighted: auxiliary);
        var m = new Machine(fixedChoices);
        m.Start(guide, store.Scope);
        m.Run();
        if (fixedChoices.Visited != fixedValues.Count)
        {
            var missed = fixedValues.Keys.First(a => !fixedChoices.VisitedAddresses!.Contains(a));
            throw new ModelException($"Marginal: the guide did not make its choice '{missed}' again when its auxiliary choices were redrawn; the auxiliary choices must not change which other choices the guide makes.", missed);
        }
        return fixedChoices.Weight;
    }

    // The Seed of the last generator drawn with: an SVI run draws with one generator every step, so a step allocates no
    // new one (a Seed keeps no state a draw reads; another generator, e.g. on another thread, gets its own).
    private Seed? _seed;

    private Seed SeedFor(Rng rng)
    {
        var seed = _seed;
        if (seed is null || !ReferenceEquals(seed.FreshRng, rng)) _seed = seed = new Seed(rng);
        return seed;
    }

    private static ChoiceMap Constraints(IReadOnlyDictionary<Address, object> values) =>
        ChoiceMap.Wrap(values as Dictionary<Address, object> ?? new Dictionary<Address, object>(values));

    /// <summary>Runs to the end or to a branching choice; at one, records how to continue from it with a given value.</summary>
    private GuideDraw Finish(Machine m, GuideChoices handler, Rng rng)
    {
        m.Run();
        var result = handler.Result;
        if (m.Finished) return result;
        var cursor = m.Save();
        var address = handler.PendingAddress!;
        result.Pending = new BranchPoint(address, handler.PendingNode!, handler.PendingEstimator, (value, logq) =>
        {
            // The choices before this one are kept (their values and log q, on the tape); those after it are drawn anew.
            var next = new GuideDraw { LogQ = result.LogQ + logq };
            foreach (var (a, v) in result.Values) next.Values[a] = v;
            next.Values[address] = value;
            var h = new GuideChoices(this, GuideMode.Branching, true, next, SeedFor(rng));
            var machine = new Machine(h);
            machine.Load(cursor);
            machine.ResumeWith(value);
            return Finish(machine, h, rng);
        });
        return result;
    }
}
