namespace Probabilistic.Compilation;

/// <summary>
/// A compiled model's generative function interface over typed slots (generated per model by <c>Probabilistic.Compiler</c>):
/// Simulate, Generate and Assess run straight-line generated code that draws, constrains and scores each choice in its slot
/// (<see cref="TraceSlots{T}"/>), with the interpreter's random draws, log densities and errors. <c>Model&lt;T&gt;</c>'s
/// Simulate, Generate and Assess use it when the model carries a twin that has one (<see cref="CompiledModel{T}.GenerativeFunction"/>);
/// call them on <see cref="CompiledModels.Interpreted{T}"/> to force interpretation. Update and Regenerate run
/// interpreted, on the trace's choices materialized from its slots.
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
