using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// One run of a model with its latent choices fixed (a posterior draw) or drawn from the prior, recording what the
/// workflow needs: the return value, each observation's log-likelihood and, when asked, a replicate of each observation
/// drawn from its distribution at these latent values (a posterior or prior predictive draw). An observation is an
/// <c>Observe</c> (named by its address, or <c>#k</c> when it has none) or a choice given in the conditions. Its errors
/// are <see cref="UnnamedModelException"/>s, for the entry point that replays the model to name.
/// </summary>
internal sealed class ModelReplay : Handler
{
    private readonly IReadOnlyDictionary<Address, object>? _latents;
    private readonly ChoiceMap _conditions;
    private readonly Rng? _rng;
    private readonly bool _replicate;
    private int _observationCount;

    private ModelReplay(IReadOnlyDictionary<Address, object>? latents, ChoiceMap conditions, Rng? rng, bool replicate)
    {
        _latents = latents;
        _conditions = conditions;
        _rng = rng;
        _replicate = replicate;
    }

    /// <summary>The observations' names in visiting order.</summary>
    public readonly List<string> Names = [];

    /// <summary>log p(yᵢ | θ) per observation, in visiting order.</summary>
    public readonly List<double> LogLikelihood = [];

    /// <summary>Per observation, the replicate (flattened: one value for a scalar, its elements for a vector).</summary>
    public readonly List<double[]> Replicates = [];

    /// <summary>Per observation, its observed value, flattened as the replicate.</summary>
    public readonly List<double[]> Observed = [];

    /// <summary>The latent choices' values in visiting order (for prior draws: what was drawn).</summary>
    public readonly List<(Address Address, object Value)> Latents = [];

    /// <summary>The run's return value.</summary>
    public object? ReturnValue;

    /// <summary>
    /// Runs <paramref name="model"/> with the latent values given (a missing one is an error naming it), or, when
    /// <paramref name="latents"/> is null, drawn from the prior with <paramref name="rng"/>. Replicates are drawn when
    /// <paramref name="replicate"/> (then <paramref name="rng"/> is required).
    /// </summary>
    public static ModelReplay Run<T>(Model<T> model, IReadOnlyDictionary<Address, object>? latents, ChoiceMap? conditions, Rng? rng, bool replicate,
        IParameterSource? parameters = null)
    {
        var handler = new ModelReplay(latents, conditions ?? ChoiceMap.Empty, rng, replicate);
        var m = new Machine(handler);
        m.Start(model, Scope.Of(parameters));
        m.Run();
        handler.ReturnValue = m.Result<T>();
        return handler;
    }

    public override bool ObservesDistributions => _replicate;

    public override Choice OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (_conditions.TryGetValue(address, out var observed))
        {
            var c = node.Score(address, observed);
            Record(address.ToString(), c.LogProb);
            if (_replicate) AddReplicate(node.Draw(address, _rng!).BoxedValue, observed, address);
            return c;
        }
        Choice choice;
        if (_latents is null) choice = node.Draw(address, _rng!);
        else if (_latents.TryGetValue(address, out var value)) choice = node.Score(address, Convert(node.Distribution, value, address));
        else throw new UnnamedModelException($"the draws have no value for the model's choice '{address}' (a model with stochastic structure, or a posterior of a different model).", address);
        Latents.Add((address, choice.BoxedValue));
        return choice;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        if (!isObservation) return true;
        Record(address?.ToString() ?? $"#{_observationCount}", logWeight.Value);
        return true;
    }

    public override void OnObserve<TValue>(IDistribution<TValue> distribution, TValue value, Address? address) =>
        AddReplicate(distribution.Sample(_rng!), value, address);

    private void Record(string name, double logLikelihood)
    {
        Names.Add(name);
        LogLikelihood.Add(logLikelihood);
        _observationCount++;
    }

    private void AddReplicate(object? replicate, object? observed, Address? address)
    {
        Replicates.Add(Numbers(replicate, address));
        Observed.Add(Numbers(observed, address));
    }

    private double[] Numbers(object? value, Address? address) => value switch
    {
        Real r => [r.Value],
        double d => [d],
        int i => [i],
        bool b => [b ? 1 : 0],
        Real[] v => v.Select(x => x.Value).ToArray(),
        double[] v => (double[])v.Clone(),
        int[] v => v.Select(x => (double)x).ToArray(),
        _ => throw new UnnamedModelException($"the observation{(address is null ? "" : $" at '{address}'")} has a value of type {value?.GetType().Name ?? "null"}, which predictive draws cannot hold (numbers, bools and vectors of them only).", address),
    };

    /// <summary>A posterior column's number (or vector) as the value type the choice's distribution takes.</summary>
    private object Convert(object distribution, object value, Address address) => (distribution, value) switch
    {
        (IDistribution<Real>, double x) => (Real)x,
        (IDistribution<Real>, Real) => value,
        (IDistribution<int>, double x) => (int)Math.Round(x),
        (IDistribution<int>, int) => value,
        (IDistribution<bool>, double x) => x != 0,
        (IDistribution<bool>, bool) => value,
        (IDistribution<Real[]>, double[] v) => v.Select(x => (Real)x).ToArray(),
        (IDistribution<Real[]>, Real[]) => value,
        _ => throw new UnnamedModelException($"the draws give the choice '{address}' a {value.GetType().Name}, which its distribution ({distribution.GetType().Name}) does not take.", address),
    };
}
