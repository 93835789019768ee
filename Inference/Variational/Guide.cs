using Probabilistic.Distributions;
using Probabilistic.Interpretation;
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
    private protected GradientEstimator EstimatorFor(Address address, object distribution, bool reparameterizable, Func<bool> finite)
    {
        var chosen = Estimators.TryGetValue(address, out var e) ? e : GradientEstimator.Default;
        if (chosen == GradientEstimator.Default) return reparameterizable ? GradientEstimator.Reparameterization : GradientEstimator.Reinforce;
        if (chosen == GradientEstimator.Reparameterization && !reparameterizable)
            throw new ModelException($"Guide: the reparameterization estimator does not apply to the choice '{address}' ({Describe(distribution)}): it has no reparameterized sampler. Use Reinforce.", address);
        if (chosen == GradientEstimator.Enumeration && !finite())
            throw new ModelException($"Guide: the enumeration estimator does not apply to the choice '{address}' ({Describe(distribution)}): it is not a finite discrete distribution. Use Reinforce or MeasureValued.", address);
        if (chosen == GradientEstimator.MeasureValued && distribution is not IMeasureValued)
            throw new ModelException($"Guide: the measure-valued estimator does not apply to the choice '{address}' ({Describe(distribution)}): its distribution supplies no measure-valued derivative (IMeasureValued: Bernoulli, Categorical, Normal, Poisson). Use Reinforce.", address);
        return chosen;
    }

    /// <summary>True when some choice's estimator branches (the guide's handler then suspends at choices).</summary>
    private protected bool Branches { get; private set; }

    private protected static string Describe(object distribution) => distribution switch
    {
        IDistribution<Real> r => r.Name,
        IDistribution<Real[]> v => v.Name,
        IDistribution<int> i => i.Name,
        IDistribution<bool> b => b.Name,
        _ => distribution.GetType().Name,
    };
}

/// <summary>A guide written in the DSL: runs it with a handler that draws each choice by its estimator's rule.</summary>
internal sealed class ModelGuide<T>(Model<T> guide) : Guide
{
    internal override bool RunsConditionally => true;

    private enum Mode { Whole, Branching, Posterior }

    internal override GuideDraw Draw(ParameterStore store, Rng rng) => Run(store, rng, Mode.Whole);

    internal override GuideDraw DrawBranching(ParameterStore store, Rng rng) => Run(store, rng, Mode.Branching);

    internal override GuideDraw Sample(ParameterStore store, Rng rng) => Run(store, rng, Mode.Posterior);

    private GuideDraw Run(ParameterStore store, Rng rng, Mode mode)
    {
        var handler = new GuideHandler(this, rng, mode, mode == Mode.Branching && Branches, new GuideDraw());
        var m = new Machine(handler);
        m.Start(guide, Scope.Of(store, store.Subsampler));
        return Finish(m, handler);
    }

    internal override Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values)
    {
        var handler = new ScoreHandler(values);
        var m = new Machine(handler);
        m.Start(guide, Scope.Of(store, store.Subsampler));
        m.Run();
        if (handler.Visited.Count != values.Count)
        {
            var extra = values.Keys.First(a => !handler.Visited.Contains(a));
            throw new ModelException($"Guide: the values name a choice '{extra}' that the guide does not make.", extra);
        }
        return handler.LogQ;
    }

    /// <summary>
    /// Draws one choice by its estimator's rule: reparameterized (the value carries the gradient), or from the
    /// distribution with its log density recorded in <paramref name="scoreTerms"/> for the score-function surrogate.
    /// </summary>
    /// <remarks>Inside a subsampled plate the log density is multiplied by <paramref name="scale"/> (size/subsample size),
    /// in <paramref name="logq"/> and in the score term.</remarks>
    private static Choice DrawChoice(ISampleNode node, Address address, GradientEstimator estimator, Rng rng, double scale, List<(Address, Real)> scoreTerms, out Real logq)
    {
        var d = node.Distribution;
        if (estimator == GradientEstimator.Reparameterization)
        {
            if (d is IReparameterized<Real> r)
            {
                var x = r.Rsample(rng);
                logq = r.LogProb(x);
                var choice = new Choice<Real>(address, r, x, logq.Value);
                if (scale != 1) logq = scale * logq;
                return choice;
            }
            var v = (IReparameterized<Real[]>)d;
            var xs = v.Rsample(rng);
            logq = v.LogProb(xs);
            var vectorChoice = new Choice<Real[]>(address, v, xs, logq.Value);
            if (scale != 1) logq = scale * logq;
            return vectorChoice;
        }
        // The value carries no tape node; its log density does (the score ∇ log q).
        var drawn = node.Draw(address, rng);
        var c = node.Score(address, drawn.BoxedValue, out logq);
        if (scale != 1) logq = scale * logq;
        scoreTerms.Add((address, logq));
        return c;
    }

    internal override Real Conditional(ParameterStore store, Rng rng, IReadOnlyDictionary<Address, object> fixedValues, Selection auxiliary, List<(Address, Real)> scoreTerms)
    {
        var handler = new ConditionalHandler(this, rng, fixedValues, auxiliary, scoreTerms);
        var m = new Machine(handler);
        m.Start(guide, Scope.Of(store, store.Subsampler));
        m.Run();
        if (handler.FixedVisited != fixedValues.Count)
        {
            var missed = fixedValues.Keys.First(a => !handler.Visited.Contains(a));
            throw new ModelException($"Marginal: the guide did not make its choice '{missed}' again when its auxiliary choices were redrawn; the auxiliary choices must not change which other choices the guide makes.", missed);
        }
        return handler.LogWeight;
    }

    /// <summary>
    /// Runs the guide with its non-auxiliary choices fixed and its auxiliary choices drawn anew (or fixed, where given):
    /// the weight is Σ log q of the fixed non-auxiliary choices given the choices before them.
    /// </summary>
    private sealed class ConditionalHandler(ModelGuide<T> owner, Rng rng, IReadOnlyDictionary<Address, object> fixedValues, Selection auxiliary, List<(Address, Real)> scoreTerms) : Handler
    {
        public Real LogWeight;
        public int FixedVisited;
        public readonly HashSet<Address> Visited = [];

        public override Choice OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            if (!Visited.Add(address)) throw new DuplicateAddressException(address);
            bool isAuxiliary = auxiliary.Contains(address);
            if (fixedValues.TryGetValue(address, out var value))
            {
                FixedVisited++;
                var c = node.Score(address, value, out var lp);
                if (!isAuxiliary) LogWeight += m.Scale == 1 ? lp : m.Scale * lp;
                return c;
            }
            if (!isAuxiliary)
                throw new ModelException($"Marginal: the guide made a choice '{address}' that is neither auxiliary nor among the values being scored; redrawing the auxiliary choices changed the guide's structure.", address);
            var d = node.Distribution;
            bool reparameterizable = d is IReparameterized<Real> or IReparameterized<Real[]>;
            var estimator = owner.EstimatorFor(address, d, reparameterizable, () => node.FiniteSupport() is not null);
            if (estimator is GradientEstimator.Enumeration or GradientEstimator.MeasureValued)
                throw new ModelException($"Marginal: the auxiliary choice '{address}' ({Describe(d)}) uses the {estimator} estimator; auxiliary choices of a marginal guide are drawn whole (K times by its SIR estimator): use Reparameterization or Reinforce.", address);
            return DrawChoice(node, address, estimator, rng, m.Scale, scoreTerms, out _);
        }

        public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
            throw new ModelException($"Guide: a guide is a distribution to sample from; it must not {(isObservation ? "observe data" : "add a factor")}{(address is null ? "" : $" (at '{address}')")}.", address);
    }

    /// <summary>Scores the guide at given values: each choice's value is read, not drawn.</summary>
    private sealed class ScoreHandler(IReadOnlyDictionary<Address, object> values) : Handler
    {
        public Real LogQ;
        public readonly HashSet<Address> Visited = [];

        public override Choice OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            if (!Visited.Add(address)) throw new DuplicateAddressException(address);
            if (!values.TryGetValue(address, out var value))
                throw new ModelException($"Guide: no value given for the guide's choice '{address}'.", address);
            var c = node.Score(address, value, out var lp);
            LogQ += m.Scale == 1 ? lp : m.Scale * lp;
            return c;
        }

        public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
            throw new ModelException($"Guide: a guide is a distribution to sample from; it must not {(isObservation ? "observe data" : "add a factor")}{(address is null ? "" : $" (at '{address}')")}.", address);
    }


    /// <summary>Runs to the end or to a branching choice; at one, records how to continue from it with a given value.</summary>
    private GuideDraw Finish(Machine m, GuideHandler handler)
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
            var h = new GuideHandler(this, handler.Rng, Mode.Branching, true, next);
            var machine = new Machine(h);
            machine.Load(cursor);
            machine.ResumeWith(value);
            return Finish(machine, h);
        });
        return result;
    }

    private sealed class GuideHandler(ModelGuide<T> owner, Rng rng, Mode mode, bool suspends, GuideDraw result) : Handler
    {
        public readonly GuideDraw Result = result;
        public readonly Rng Rng = rng;
        public ISampleNode? PendingNode;
        public Address? PendingAddress;
        public GradientEstimator PendingEstimator;

        public override bool SamplesInPlace => !suspends;

        public override bool NeverSuspends => !suspends;

        public override Choice? OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            var d = node.Distribution;
            bool reparameterizable = d is IReparameterized<Real> or IReparameterized<Real[]>;
            var estimator = owner.EstimatorFor(address, d, reparameterizable, () => node.FiniteSupport() is not null);
            if (Result.Values.ContainsKey(address)) throw new DuplicateAddressException(address);
            if (estimator is GradientEstimator.Enumeration or GradientEstimator.MeasureValued)
            {
                if (mode == Mode.Whole)
                    throw new ModelException($"Guide: the choice '{address}' ({Describe(d)}) uses the {estimator} estimator, which needs the guide drawn by an objective (it evaluates the rest of the guide and the model once per branch of that choice); here the guide is drawn whole (the inner guide of a marginal guide). Use Reinforce for this choice.", address);
                if (m.Scale != 1)
                    throw new ModelException($"Guide: the choice '{address}' uses the {estimator} estimator inside a subsampled plate; branching estimators are not supported on minibatches (their branch weights are probabilities, which a minibatch scale would distort). Use Reinforce, or a plate without subsampling.", address);
                if (mode == Mode.Branching)
                {
                    PendingNode = node;
                    PendingAddress = address;
                    PendingEstimator = estimator;
                    return null;
                }
                estimator = GradientEstimator.Reinforce; // a posterior draw: the value only
            }
            var c = DrawChoice(node, address, estimator, Rng, m.Scale, Result.ScoreTerms, out var logq);
            Result.Values[address] = c.BoxedValue;
            if (d is IHasSupport { Support: var support }) Result.Supports[address] = support;
            Result.LogQ += logq;
            return c;
        }

        public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
            throw new ModelException($"Guide: a guide is a distribution to sample from; it must not {(isObservation ? "observe data" : "add a factor")}{(address is null ? "" : $" (at '{address}')")}.", address);
    }
}
