namespace Probabilistic.Compilation;

/// <summary>
/// A compiled model's generative function interface over typed slots (generated per model by <c>Probabilistic.Compiler</c>):
/// Simulate, Generate, Assess, Update and Regenerate run straight-line generated code that draws, constrains, keeps and
/// scores each choice in its slot (<see cref="TraceSlots{T}"/>), with the interpreter's random draws, log densities,
/// weights and errors, bit for bit. <c>Model&lt;T&gt;</c>'s operations use it when the model carries a twin that has one
/// (<see cref="CompiledModel{T}.GenerativeFunction"/>); call them on <see cref="CompiledModels.Interpreted{T}"/> to force
/// interpretation. Update and Regenerate take this path for a trace this model made over slots (the same model object,
/// so the same arguments: the same addresses in the same order); a trace of another model (e.g. the same method called
/// with new arguments, whose plates and folds may have other sizes) or an interpreted trace runs interpreted, on its
/// choices (materialized from its slots if it has them).
/// </summary>
/// <typeparam name="T">The model's return type.</typeparam>
public abstract class CompiledGenerativeFunction<T>
{
    /// <summary>The number of slots (each scalar choice, plate and fold choice has one), for <see cref="SlotConstraints"/>.</summary>
    protected abstract int SlotCount { get; }

    /// <summary>
    /// Runs the program once into fresh slots: every choice drawn from its prior with <paramref name="rng"/> unless
    /// <paramref name="constraints"/> gives it; with no <paramref name="rng"/>, a choice not given is
    /// <see cref="SlotConstraints.Refused"/> (Assess).
    /// </summary>
    protected abstract TraceSlots<T> Run(Rng? rng, SlotConstraints? constraints);

    /// <summary>The slot of <paramref name="address"/> and its key in the slot (see <see cref="SlotConstraints"/>); false when no choice of the program has that address.</summary>
    protected abstract bool Locate(Address address, out int slot, out long key);

    /// <summary>
    /// Runs the program once over <paramref name="previous"/>'s values into fresh slots, as the interpreter's Update and
    /// Regenerate stacks do: a choice <paramref name="constraints"/> gives takes that value (its previous value boxed into
    /// <paramref name="discard"/>, under its address); a choice <paramref name="selection"/> contains is drawn from its prior
    /// with <paramref name="rng"/>; every other choice keeps its previous value, rescored, and — with a selection — adds its
    /// log density's change to <paramref name="keptDelta"/> (the interpreter's <c>Replay.KeptDelta</c>, in program order).
    /// </summary>
    protected abstract TraceSlots<T> Edit(TraceSlots<T> previous, Rng rng, SlotConstraints? constraints, SlotSelection? selection,
        Dictionary<Address, object>? discard, out double keptDelta);

    /// <summary>
    /// <see cref="IGenerativeFunction{T}.Update"/> of a trace this model made: weight = log p(t') − log p(t) (nothing is drawn
    /// fresh: the program visits the previous trace's addresses again), the discard is the constrained choices' previous
    /// values in the trace's order.
    /// </summary>
    internal UpdateResult<T> Update(Model<T> model, Trace<T> trace, ChoiceMap constraints, Rng rng)
    {
        var given = new SlotConstraints(constraints, SlotCount, Locate);
        var discard = new Dictionary<Address, object>();
        var slots = Edit(trace.Slots!, rng, given, null, discard, out _);
        given.ThrowIfUnvisited("Update");
        var next = new Trace<T>(model, slots);
        // The interpreter subtracts the log density of the choices drawn fresh: the previous trace has every address the
        // program visits, so there are none.
        const double fresh = 0;
        double weight = next.LogJoint - trace.LogJoint - fresh;
        return new UpdateResult<T>(next, weight, ChoiceMap.Wrap(discard));
    }

    /// <summary><see cref="IGenerativeFunction{T}.Regenerate"/> of a trace this model made: weight = Σ over kept choices of the change of log p + the change of the likelihood.</summary>
    internal (Trace<T> Trace, double Weight) Regenerate(Model<T> model, Trace<T> trace, Selection selection, Rng rng)
    {
        var slots = Edit(trace.Slots!, rng, null, new SlotSelection(selection, Locate), null, out double kept);
        var next = new Trace<T>(model, slots);
        return (next, kept + next.LogLikelihood - trace.LogLikelihood);
    }

    /// <summary><see cref="IGenerativeFunction{T}.Simulate"/>: the trace's choices are materialized when first asked for.</summary>
    internal Trace<T> Simulate(Model<T> model, Rng rng)
    {
        var slots = Run(rng, null);
        return new Trace<T>(model, slots);
    }

    /// <summary><see cref="IGenerativeFunction{T}.Generate"/>: weight = Σ log p of the constrained choices + Σ scores.</summary>
    internal (Trace<T> Trace, double Weight) Generate(Model<T> model, ChoiceMap constraints, Rng rng)
    {
        var given = new SlotConstraints(constraints, SlotCount, Locate);
        var slots = Run(rng, given);
        given.ThrowIfUnvisited("Generate");
        return (new Trace<T>(model, slots), slots.Weight);
    }

    /// <summary><see cref="IGenerativeFunction{T}.Assess"/>: every choice given, every given choice visited.</summary>
    internal double Assess(ChoiceMap choices)
    {
        var given = new SlotConstraints(choices, SlotCount, Locate);
        var slots = Run(null, given);
        given.ThrowIfUnvisited("Assess");
        return slots.LogPrior + slots.LogLikelihood;
    }
}
