using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference.Compiled;

/// <summary>
/// The particle filters of PMMH, SMC² and particle Gibbs: the compiled twin's <see cref="ChoicePopulation{TState, TProgram, T}"/>
/// when the model carries a twin whose program can give and record choices (a generated one whose addresses cannot
/// collide), else the interpreter's <see cref="Population{T}"/> with the matching stepper. Both draw the same particles
/// for the same seed, so which one runs changes the speed, not the result.
/// </summary>
internal static class CompiledFilters
{
    /// <summary>A filter with <paramref name="theta"/> constrained (<see cref="Stepper.Constrained"/>).</summary>
    public static IParticleFilter<T> Constrained<T>(Model<T> model, ChoiceMap theta, ParticleOptions options, ulong seed, string? algorithm = null) =>
        (CompiledModels.TryGetTwin(model, out var twin) ? twin.Accept(new Factory<T>(options, seed, algorithm ?? options.Algorithm, twin.Name, theta, false, null)) : null)
        ?? Population<T>.Spawn(model, options, Stepper.Constrained(theta), seed, algorithm);

    /// <summary>
    /// A filter whose particles record their choices: the bootstrap filter (<c>Stepper.Bootstrap.Recording()</c>) without a
    /// <paramref name="reference"/>, conditional SMC (<see cref="Stepper.Conditional"/>) with one.
    /// </summary>
    public static IParticleFilter<T> Recording<T>(Model<T> model, ChoiceMap? reference, ParticleOptions options, ulong seed, string? algorithm = null) =>
        (CompiledModels.TryGetTwin(model, out var twin) ? twin.Accept(new Factory<T>(options, seed, algorithm ?? options.Algorithm, twin.Name, null, true, reference)) : null)
        ?? Population<T>.Spawn(model, options, reference is null ? Stepper.Bootstrap.Recording() : Stepper.Conditional(reference), seed, algorithm);

    /// <summary>Builds the compiled population; null for a program that cannot give choices or whose slots' addresses may collide.</summary>
    private sealed class Factory<T>(ParticleOptions options, ulong seed, string algorithm, string twinName, ChoiceMap? constraints, bool records, ChoiceMap? reference)
        : ICompiledModelVisitor<T, IParticleFilter<T>?>
    {
        public IParticleFilter<T>? VisitParticleProgram<TState, TProgram>(TProgram program)
            where TState : struct
            where TProgram : struct, IParticleProgram<TState, T> => null;

        public IParticleFilter<T>? VisitChoiceParticleProgram<TState, TProgram>(TProgram program)
            where TState : struct
            where TProgram : struct, IChoiceParticleProgram<TState, T>
        {
            if (!program.SlotsDistinct) return null;
            var given = constraints is null ? null : GivenValues.Locate<TState, TProgram, T>(constraints, program);
            var followed = reference is null ? null : GivenValues.Locate<TState, TProgram, T>(reference, program);
            return new ChoicePopulation<TState, TProgram, T>(program, options.Particles, seed, given, records, followed, algorithm, twinName);
        }
    }
}
