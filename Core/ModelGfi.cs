using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;

namespace Probabilistic;

public abstract partial class Model<T> : IGenerativeFunction<T>
{
    // Each operation of the generative function interface is a stack of handlers (Core/Interpretation/Handlers):
    // Record on top builds the trace; Condition takes the constrained values; Replay keeps a previous trace's;
    // Seed at the bottom draws the rest.
    private T RunWith(Handler stack)
    {
        var m = new Machine(stack);
        m.Start(this);
        m.Run();
        return m.Result<T>();
    }

    // A [Compiled] model's generated interface over typed slots, unless the model is the interpreted program itself
    // (CompiledModels.Interpreted(model) forces interpretation).
    private Compilation.CompiledGenerativeFunction<T>? Compiled => (this as Compilation.CompiledNode<T>)?.Twin.GenerativeFunction;

    /// <inheritdoc />
    public Trace<T> Simulate(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (Compiled is { } compiled) return compiled.Simulate(this, rng);
        var record = new Record(new Seed(rng));
        return record.Trace.Build(this, RunWith(record));
    }

    /// <inheritdoc />
    public (Trace<T> Trace, double Weight) Generate(ChoiceMap constraints, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(rng);
        if (Compiled is { } compiled) return compiled.Generate(this, constraints, rng);
        var condition = new Condition<Real>(constraints, new Seed(rng));
        var record = new Record(condition);
        var value = RunWith(record);
        if (condition.Visited != constraints.Count) throw Unvisited("Generate", constraints, record.Trace);
        return (record.Trace.Build(this, value), condition.Weight.Value);
    }

    /// <inheritdoc />
    public double Assess(ChoiceMap choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (Compiled is { } compiled) return compiled.Assess(choices);
        var record = new Record(new Condition<Real>(choices, new Seed(null, AssessRefusal)));
        RunWith(record);
        if (record.Trace.Choices.Count != choices.Count) throw Unvisited("Assess", choices, record.Trace);
        return record.Trace.LogPrior + record.Trace.LogLikelihood;
    }

    private const string AssessRefusal = "Assess: the choice map has no value for address '{0}', which the model visits (Assess needs every choice).";

    /// <inheritdoc />
    public UpdateResult<T> Update(Trace<T> trace, ChoiceMap constraints, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(rng);
        if (CompiledEdit(trace) is { } compiled) return compiled.Update(this, trace, constraints, rng);
        var previous = trace.ChoiceTable;
        var seed = new Seed(rng);
        var condition = new Condition<Real>(constraints, new Replay(previous, seed));
        var record = new Record(condition);
        var value = RunWith(record);
        if (condition.Visited != constraints.Count) throw Unvisited("Update", constraints, record.Trace);
        var next = record.Trace.Build(this, value);
        var discard = new Dictionary<Address, object>();
        foreach (var c in previous.Ordered)
            if (!next.Contains(c.Address) || constraints.Contains(c.Address)) discard[c.Address] = c.BoxedValue;
        double weight = next.LogJoint - trace.LogJoint - seed.FreshLogProb;
        return new UpdateResult<T>(next, weight, ChoiceMap.Wrap(discard));
    }

    /// <inheritdoc />
    public (Trace<T> Trace, double Weight) Regenerate(Trace<T> trace, Selection selection, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(rng);
        if (CompiledEdit(trace) is { } compiled) return compiled.Regenerate(this, trace, selection, rng);
        var replay = new Replay(trace.ChoiceTable, new Seed(rng), resample: selection);
        var record = new Record(replay);
        var next = record.Trace.Build(this, RunWith(record));
        return (next, replay.KeptDelta + next.LogLikelihood - trace.LogLikelihood);
    }

    // Update and Regenerate over slots need a trace this model made over slots (same arguments, same addresses); any
    // other trace (another model's, e.g. new arguments; an interpreted one) runs interpreted on its choice table.
    private Compilation.CompiledGenerativeFunction<T>? CompiledEdit(Trace<T> trace) =>
        trace.Slots is not null && ReferenceEquals(trace.Model, this) ? Compiled : null;

    private static ModelException Unvisited(string operation, ChoiceMap given, TraceBuilder visited)
    {
        var missing = given.Addresses.Where(a => !visited.Choices.Contains(a)).ToList();
        var shown = string.Join(", ", missing.Take(5).Select(a => $"'{a}'"));
        return new ModelException(
            $"{operation}: the choice map names {(missing.Count == 1 ? "address" : "addresses")} {shown}{(missing.Count > 5 ? ", …" : "")}, which the model never visits.",
            missing.FirstOrDefault());
    }
}

/// <summary>The generative function interface called on a trace: runs the trace's own model.</summary>
public static class TraceOperations
{
    /// <summary><see cref="IGenerativeFunction{T}.Update"/> with the trace's model.</summary>
    public static UpdateResult<T> Update<T>(this Trace<T> trace, ChoiceMap constraints, Rng rng) =>
        trace.Model.Update(trace, constraints, rng);

    /// <summary><see cref="IGenerativeFunction{T}.Regenerate"/> with the trace's model.</summary>
    public static (Trace<T> Trace, double Weight) Regenerate<T>(this Trace<T> trace, Selection selection, Rng rng) =>
        trace.Model.Regenerate(trace, selection, rng);
}
