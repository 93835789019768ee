using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference.Compiled;

/// <summary>
/// The bootstrap particle filter (Gordon, Salmond &amp; Smith 1993) over a compiled particle program, as
/// <see cref="Infer.Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/> runs it on a model
/// with a compiled twin: <see cref="Population{T}.Sequentially"/>'s loop — advance every particle to its next score,
/// resample with the options' scheme when the ESS falls below the threshold (after any step that leaves the particles
/// unfinished, so also after the last score), report progress — then the step that runs the particles to their end,
/// and <see cref="Population{T}.Collapse"/>'s result: log Ẑ and its Lee–Whiteley standard error. Same streams as the
/// interpreted population, so the same seed gives the same particles, weights and evidence.
/// </summary>
internal sealed class CompiledSmc<T>(ParticleOptions options, ulong seed, string twinName, IProgress<SmcProgress>? progress, CancellationToken cancellationToken)
    : ICompiledModelVisitor<T, WeightedSample<T>>
{
    /// <inheritdoc />
    public WeightedSample<T> VisitParticleProgram<TState, TProgram>(TProgram program)
        where TState : struct
        where TProgram : struct, IParticleProgram<TState, T>
    {
        using var population = new CompiledPopulation<TState, TProgram, T>(program, options.Particles, seed, options.MaxDegreeOfParallelism);
        for (int k = 0; k < program.Steps; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            population.FilterStep(options, twinName, progress);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return population.Result(population.FinishStep(options, twinName, progress));
    }
}
