namespace Probabilistic.Compilation;

/// <summary>
/// A model's generated twin (see <see cref="CompiledAttribute"/>): hands its particle program to an algorithm through
/// <see cref="Accept{TOut}"/>, so the algorithm runs specialized on the program's struct types (no virtual call or
/// allocation per step).
/// </summary>
/// <typeparam name="T">The model's return type.</typeparam>
public abstract class CompiledModel<T>
{
    /// <summary>The name of the method this twin was generated from (<c>Type.Method</c>), for diagnostics and reports.</summary>
    public abstract string Name { get; }

    /// <summary>Calls <paramref name="visitor"/> with this twin's particle program.</summary>
    public abstract TOut Accept<TOut>(ICompiledModelVisitor<T, TOut> visitor);

    /// <summary>
    /// The generated log density over the unconstrained coordinates for these arguments, or null when the generator made
    /// none (a discrete or vector-valued latent choice): gradient-based samplers then interpret the model.
    /// </summary>
    public virtual ICompiledDensity? CreateDensity() => null;

    /// <summary>
    /// The generated generative function interface over typed slots (Simulate, Generate, Assess, Update, Regenerate), which
    /// <see cref="Model{T}"/>'s operations use; null when the generator made none (then they run interpreted).
    /// </summary>
    public virtual CompiledGenerativeFunction<T>? GenerativeFunction => null;
}

/// <summary>An algorithm over a compiled particle program, called with the program's concrete struct types.</summary>
/// <typeparam name="T">The model's return type.</typeparam>
/// <typeparam name="TOut">What the algorithm returns.</typeparam>
public interface ICompiledModelVisitor<T, TOut>
{
    /// <summary>Runs the algorithm over <paramref name="program"/>.</summary>
    TOut VisitParticleProgram<TState, TProgram>(TProgram program)
        where TState : struct
        where TProgram : struct, IParticleProgram<TState, T>;

    /// <summary>
    /// Runs the algorithm over <paramref name="program"/>, whose choices can be given and recorded (generated twins call
    /// this one); by default the same as <see cref="VisitParticleProgram{TState, TProgram}"/>.
    /// </summary>
    TOut VisitChoiceParticleProgram<TState, TProgram>(TProgram program)
        where TState : struct
        where TProgram : struct, IChoiceParticleProgram<TState, T> => VisitParticleProgram<TState, TProgram>(program);
}
