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
        return this;
    }

    /// <summary>Draws the latent choices with parameters read from <paramref name="store"/>.</summary>
    internal abstract GuideDraw Draw(ParameterStore store, Rng rng);

    /// <summary>
    /// log q(z; φ) of given values z held fixed (on the tape through the parameters only), for objectives such as
    /// <see cref="WakeQ"/> that differentiate the guide's density at samples. Guides written as models and
    /// <see cref="AutoNormal"/> support it; the other autoguides do not yet.
    /// </summary>
    /// <exception cref="ModelException">This guide cannot score given values, or a value is missing.</exception>
    internal virtual Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values) =>
        throw new ModelException($"Guide: {GetType().Name} cannot yet evaluate its density at given values (needed by objectives that differentiate log q at fixed samples, such as WakeQ); write the guide with Guide.FromModel or use AutoNormal.");

    /// <summary>The estimator for a choice: the user's, or the default for its distribution.</summary>
    private protected GradientEstimator EstimatorFor(Address address, object distribution, bool reparameterizable)
    {
        var chosen = Estimators.TryGetValue(address, out var e) ? e : GradientEstimator.Default;
        if (chosen == GradientEstimator.Default) return reparameterizable ? GradientEstimator.Reparameterization : GradientEstimator.Reinforce;
        if (chosen == GradientEstimator.Reparameterization && !reparameterizable)
            throw new ModelException($"Guide: the reparameterization estimator does not apply to the choice '{address}' ({Describe(distribution)}): it has no reparameterized sampler. Use Reinforce.", address);
        return chosen;
    }

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
    internal override GuideDraw Draw(ParameterStore store, Rng rng)
    {
        var handler = new GuideHandler(this, rng);
        var m = new Machine(handler) { StartParameters = store };
        m.Start(guide);
        m.Run();
        return handler.Result;
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

    private sealed class GuideHandler(ModelGuide<T> owner, Rng rng) : Handler
    {
        public readonly GuideDraw Result = new();

        public override Choice OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            var d = node.Distribution;
            bool reparameterizable = d is IReparameterized<Real> or IReparameterized<Real[]>;
            var estimator = owner.EstimatorFor(address, d, reparameterizable);
            Choice c;
            Real logq;
            if (estimator == GradientEstimator.Reparameterization)
            {
                if (d is IReparameterized<Real> r)
                {
                    var x = r.Rsample(rng);
                    logq = r.LogProb(x);
                    c = new Choice<Real>(address, r, x, logq.Value);
                }
                else
                {
                    var v = (IReparameterized<Real[]>)d;
                    var x = v.Rsample(rng);
                    logq = v.LogProb(x);
                    c = new Choice<Real[]>(address, v, x, logq.Value);
                }
            }
            else
            {
                // The value carries no tape node; its log density does (the score ∇ log q).
                var drawn = node.Draw(address, rng);
                c = node.Score(address, drawn.BoxedValue, out logq);
                Result.ScoreTerms.Add((address, logq));
            }
            if (Result.Values.ContainsKey(address)) throw new DuplicateAddressException(address);
            Result.Values[address] = c.BoxedValue;
            Result.LogQ += logq;
            return c;
        }

        public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
            throw new ModelException($"Guide: a guide is a distribution to sample from; it must not {(isObservation ? "observe data" : "add a factor")}{(address is null ? "" : $" (at '{address}')")}.", address);
    }
}
