using System.Text;

namespace Probabilistic;

/// <summary>One scored observation or factor of a run: its address (if named) and its log weight.</summary>
public readonly record struct Score(Address? Address, double LogWeight, bool IsObservation);

/// <summary>
/// A record of one run of a model: every random choice (address, distribution, value, log density,
/// in the order made), every observation and factor, and the return value.
/// <see cref="LogPrior"/> = Σ log p(choice), <see cref="LogLikelihood"/> = Σ observation and factor
/// log weights, <see cref="LogJoint"/> = their sum; all are log densities (never negated).
/// </summary>
/// <remarks>
/// A <c>[Compiled]</c> model's trace keeps its values in typed slots and builds its choice records and scores (with their
/// addresses and distributions) when first asked, by replaying the program over the values: that replay reads the
/// model's arguments then, so leave arrays passed to the model unchanged while its traces are in use.
/// </remarks>
/// <typeparam name="T">The model's return type.</typeparam>
public sealed class Trace<T>
{
    private Interpretation.ChoiceTable? _choices;
    private IReadOnlyList<Score>? _scores;
    private readonly Compilation.TraceSlots<T>? _slots;
    private ChoiceMap? _choiceMap;

    internal Trace(Model<T> model, T returnValue, Interpretation.ChoiceTable choices, List<Score> scores, double logPrior, double logLikelihood)
    {
        Model = model;
        ReturnValue = returnValue;
        _choices = choices;
        _scores = scores;
        LogPrior = logPrior;
        LogLikelihood = logLikelihood;
    }

    /// <summary>A compiled run's trace: its choices and scores are materialized from <paramref name="slots"/> when first asked for.</summary>
    internal Trace(Model<T> model, Compilation.TraceSlots<T> slots)
    {
        Model = model;
        ReturnValue = slots.Result;
        _slots = slots;
        LogPrior = slots.LogPrior;
        LogLikelihood = slots.LogLikelihood;
    }

    /// <summary>The compiled run's slots, when this trace was made by a compiled model's generative function interface.</summary>
    internal Compilation.TraceSlots<T>? Slots => _slots;

    // The choices, built from the slots by replaying the compiled program the first time they are asked for.
    private Interpretation.ChoiceTable Table => _choices ?? Materialize();

    // Under a lock: readers on several threads replay the program (the user's expressions) once, as an interpreted trace
    // runs them once. The replay reads the model's arguments as they are now: a compiled trace's choice records are those
    // of the arguments it was made with only while the caller leaves those (e.g. a data array) unchanged.
    private Interpretation.ChoiceTable Materialize()
    {
        lock (_slots!)
        {
            if (_choices is { } made) return made;
            var builder = new Interpretation.TraceBuilder(Math.Max(_slots.ChoiceCount, 4));
            _slots.Replay(new Compilation.ChoiceSink(builder));
            _scores = builder.Scores;
            return _choices = builder.Choices;
        }
    }

    /// <summary>The model that made this trace.</summary>
    public Model<T> Model { get; }

    /// <summary>The model's return value.</summary>
    public T ReturnValue { get; }

    /// <summary>Σ log p(x) over the random choices.</summary>
    public double LogPrior { get; }

    /// <summary>Σ of the observations' log densities and the factors' log weights.</summary>
    public double LogLikelihood { get; }

    /// <summary><see cref="LogPrior"/> + <see cref="LogLikelihood"/>: the log of the unnormalized joint density.</summary>
    public double LogJoint => LogPrior + LogLikelihood;

    /// <summary>The observations and factors, in order.</summary>
    public IReadOnlyList<Score> Scores
    {
        get
        {
            if (_scores is null) Materialize();
            return _scores!;
        }
    }

    /// <summary>The random choices in the order they were made.</summary>
    public IEnumerable<Choice> ChoiceRecords => Table.Enumerate();

    /// <summary>Number of random choices.</summary>
    public int Count => _choices?.Count ?? _slots!.ChoiceCount;

    /// <summary>The choices' values by address.</summary>
    public ChoiceMap Choices => _choiceMap ??= BuildChoiceMap();

    private ChoiceMap BuildChoiceMap()
    {
        var table = Table;
        var d = new Dictionary<Address, object>(table.Count);
        foreach (var c in table.Ordered) d.Add(c.Address, c.BoxedValue);
        return ChoiceMap.Wrap(d);
    }

    /// <summary>True when the run made a choice at <paramref name="address"/>.</summary>
    public bool Contains(Address address) => Table.Contains(address);

    /// <summary>The choice at <paramref name="address"/>, if any.</summary>
    public bool TryGetChoice(Address address, out Choice choice) => Table.TryGetValue(address, out choice!);

    /// <summary>The choice at <paramref name="address"/>; a missing address is an error naming it.</summary>
    public Choice this[Address address] =>
        Table.TryGetValue(address, out var c) ? c : throw new ModelException($"The trace has no choice at address '{address}'.", address);

    /// <summary>The value at <paramref name="address"/>.</summary>
    public TValue Get<TValue>(Address address) => this[address] is Choice<TValue> c
        ? c.Value
        : throw new ModelException($"The choice at '{address}' is a {this[address].BoxedValue.GetType().Name}, not a {typeof(TValue).Name}.", address);

    internal Interpretation.ChoiceTable ChoiceTable => Table;

    /// <summary>The address of the <paramref name="index"/>-th choice (a compiled trace computes it from its slots, without materializing).</summary>
    internal Address AddressAt(int index) => _choices is null && _slots is not null ? _slots.AddressAt(index) : Table.Ordered[index].Address;

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Trace: return ").Append(ReturnValue).Append(", log joint ").Append(LogJoint).AppendLine();
        foreach (var c in Table.Ordered) sb.Append("  ").AppendLine(c.ToString());
        return sb.ToString();
    }
}
