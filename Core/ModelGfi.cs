using Probabilistic.Interpretation;

namespace Probabilistic;

public abstract partial class Model<T> : IGenerativeFunction<T>
{
    private T RunWith(Handler handler)
    {
        var m = new Machine(handler);
        m.Start(this);
        m.Run();
        return m.Result<T>();
    }

    /// <inheritdoc />
    public Trace<T> Simulate(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var h = new SimulateHandler(rng);
        var value = RunWith(h);
        return h.Trace.Build(this, value);
    }

    /// <inheritdoc />
    public (Trace<T> Trace, double Weight) Generate(ChoiceMap constraints, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(rng);
        var h = new GenerateHandler(constraints, rng);
        var value = RunWith(h);
        if (h.ConstraintsVisited != constraints.Count) throw Unvisited("Generate", constraints, h.Trace);
        return (h.Trace.Build(this, value), h.Weight);
    }

    /// <inheritdoc />
    public double Assess(ChoiceMap choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var h = new AssessHandler(choices);
        RunWith(h);
        if (h.Trace.Choices.Count != choices.Count) throw Unvisited("Assess", choices, h.Trace);
        return h.Trace.LogPrior + h.Trace.LogLikelihood;
    }

    /// <inheritdoc />
    public UpdateResult<T> Update(Trace<T> trace, ChoiceMap constraints, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(rng);
        var previous = trace.ChoiceTable;
        var h = new UpdateHandler(previous, constraints, rng);
        var value = RunWith(h);
        if (h.ConstraintsVisited != constraints.Count) throw Unvisited("Update", constraints, h.Trace);
        var next = h.Trace.Build(this, value);
        var discard = new Dictionary<Address, object>();
        foreach (var c in previous.Ordered)
            if (!next.Contains(c.Address) || constraints.Contains(c.Address)) discard[c.Address] = c.BoxedValue;
        double weight = next.LogJoint - trace.LogJoint - h.FreshLogProb;
        return new UpdateResult<T>(next, weight, ChoiceMap.Wrap(discard));
    }

    /// <inheritdoc />
    public (Trace<T> Trace, double Weight) Regenerate(Trace<T> trace, Selection selection, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(rng);
        var h = new RegenerateHandler(trace.ChoiceTable, selection, rng);
        var value = RunWith(h);
        var next = h.Trace.Build(this, value);
        return (next, h.KeptDelta + next.LogLikelihood - trace.LogLikelihood);
    }

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
