using Probabilistic.Inference;

namespace Probabilistic.Distributed;

/// <summary>
/// The models a cluster can run, by name. A model is code (a <see cref="Model{T}"/> holds closures), so it cannot travel
/// in a message: every silo and the client register the same models under the same names at start-up
/// (<see cref="ClusterConfiguration.AddProbabilisticModels(Orleans.Hosting.ISiloBuilder, Action{ModelCatalog})"/>), and
/// a grain receives only the name. An entry carries the model and its observations, as <c>Infer.Nuts(model, observations)</c>
/// takes them.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, IModelEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="model"/> (conditioned on <paramref name="observations"/>, if given) as <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public ModelCatalog Add<T>(string name, Model<T> model, ChoiceMap? observations = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A model's name in the catalog must not be empty.", nameof(name));
        if (!_entries.TryAdd(name, new ModelEntry<T>(name, model, observations)))
            throw new ArgumentException($"The catalog already has a model named '{name}'.", nameof(name));
        return this;
    }

    /// <summary>The names registered, in no particular order.</summary>
    public IEnumerable<string> Names => _entries.Keys;

    /// <summary>Whether <paramref name="name"/> is registered.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>The entry registered as <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No model of that name is registered (the message lists the names that are).</exception>
    public IModelEntry Get(string name) =>
        _entries.TryGetValue(name, out var entry)
            ? entry
            : throw new KeyNotFoundException(
                $"No model named '{name}' is registered in this silo's model catalog (registered: {string.Join(", ", _entries.Keys.Order())}); " +
                "register it on every silo with AddProbabilisticModels.");
}

/// <summary>One registered model, opened with a visitor that learns its return type.</summary>
public interface IModelEntry
{
    /// <summary>The name it is registered under.</summary>
    string Name { get; }

    /// <summary>Calls <paramref name="visitor"/> with the typed model and its observations.</summary>
    TResult Accept<TResult>(IModelVisitor<TResult> visitor);
}

/// <summary>What a grain does with a model whose return type it does not know statically.</summary>
public interface IModelVisitor<out TResult>
{
    /// <summary>Runs on the registered model.</summary>
    TResult Visit<T>(string name, Model<T> model, ChoiceMap? observations);
}

internal sealed class ModelEntry<T>(string name, Model<T> model, ChoiceMap? observations) : IModelEntry
{
    public string Name => name;

    public TResult Accept<TResult>(IModelVisitor<TResult> visitor) => visitor.Visit(name, model, observations);
}
