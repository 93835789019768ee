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
    /// <see cref="WakeQ"/> that differentiate the guide's density at samples. Guides written as models and
    /// <see cref="AutoNormal"/> support it; the other autoguides do not yet.
    /// </summary>
    /// <exception cref="ModelException">This guide cannot score given values, or a value is missing.</exception>
    internal virtual Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values) =>
        throw new ModelException($"Guide: {GetType().Name} cannot yet evaluate its density at given values (needed by objectives that differentiate log q at fixed samples, such as WakeQ); write the guide with Guide.FromModel or use AutoNormal.");

    /// <summary>The estimator for a choice: the user's, or the default for its distribution.</summary>
    private protected GradientEstimator EstimatorFor(Address address, object distribution, bool reparameterizable, Func<bool> finite)
    {
        var chosen = Estimators.TryGetValue(address, out var e) ? e : GradientEstimator.Default;
        if (chosen == GradientEstimator.Default) return reparameterizable ? GradientEstimator.Reparameterization : GradientEstimator.Reinforce;
        if (chosen == GradientEstimator.Reparameterization && !reparameterizable)
            throw new ModelException($"Guide: the reparameterization estimator does not apply to the choice '{address}' ({Describe(distribution)}): it has no reparameterized sampler. Use Reinforce.", address);
        if (chosen == GradientEstimator.Enumeration && !finite())
            throw new ModelException($"Guide: the enumeration estimator does not apply to the choice '{address}' ({Describe(distribution)}): it is not a finite discrete distribution. Use Reinforce or MeasureValued.", address);
        if (chosen == GradientEstimator.MeasureValued && distribution is not (Bernoulli or Categorical or Normal or Poisson))
            throw new ModelException($"Guide: the measure-valued estimator does not apply to the choice '{address}' ({Describe(distribution)}): it is implemented for Bernoulli, Categorical, Normal and Poisson. Use Reinforce.", address);
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
    private enum Mode { Whole, Branching, Posterior }

    internal override GuideDraw Draw(ParameterStore store, Rng rng) => Run(store, rng, Mode.Whole);

    internal override GuideDraw DrawBranching(ParameterStore store, Rng rng) => Run(store, rng, Mode.Branching);

    internal override GuideDraw Sample(ParameterStore store, Rng rng) => Run(store, rng, Mode.Posterior);

    private GuideDraw Run(ParameterStore store, Rng rng, Mode mode)
    {
        var handler = new GuideHandler(this, rng, mode, mode == Mode.Branching && Branches, new GuideDraw());
        var m = new Machine(handler) { StartParameters = store };
        m.Start(guide);
        return Finish(m, handler);
    }

    internal override Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values)
    {
        var handler = new ScoreHandler(values);
        var m = new Machine(handler) { StartParameters = store };
        m.Start(guide);
        m.Run();
        if (handler.Visited.Count != values.Count)
        {
            var extra = values.Keys.First(a => !handler.Visited.Contains(a));
            throw new ModelException($"Guide: the values name a choice '{extra}' that the guide does not make.", extra);
        }
        return handler.LogQ;
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
            LogQ += lp;
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
                    throw new ModelException($"Guide: the choice '{address}' ({Describe(d)}) uses the {estimator} estimator, which only the Elbo objective supports (it evaluates the rest of the guide and the model once per branch of that choice); objectives that draw whole traces with ObjectiveContext.Draw (Iwelbo, custom objectives) cannot use it. Use Reinforce for this choice.", address);
                if (mode == Mode.Branching)
                {
                    PendingNode = node;
                    PendingAddress = address;
                    PendingEstimator = estimator;
                    return null;
                }
                estimator = GradientEstimator.Reinforce; // a posterior draw: the value only
            }
            Choice c;
            Real logq;
            if (estimator == GradientEstimator.Reparameterization)
            {
                if (d is IReparameterized<Real> r)
                {
                    var x = r.Rsample(Rng);
                    logq = r.LogProb(x);
                    c = new Choice<Real>(address, r, x, logq.Value);
                }
                else
                {
                    var v = (IReparameterized<Real[]>)d;
                    var x = v.Rsample(Rng);
                    logq = v.LogProb(x);
                    c = new Choice<Real[]>(address, v, x, logq.Value);
                }
            }
            else
            {
                // The value carries no tape node; its log density does (the score ∇ log q).
                var drawn = node.Draw(address, Rng);
                c = node.Score(address, drawn.BoxedValue, out logq);
                Result.ScoreTerms.Add((address, logq));
            }
            Result.Values[address] = c.BoxedValue;
            Result.LogQ += logq;
            return c;
        }

        public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
            throw new ModelException($"Guide: a guide is a distribution to sample from; it must not {(isObservation ? "observe data" : "add a factor")}{(address is null ? "" : $" (at '{address}')")}.", address);
    }
}
