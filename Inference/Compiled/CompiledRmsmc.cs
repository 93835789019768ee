using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference.Compiled;

/// <summary>
/// Resample-move SMC with single-site moves over a compiled particle program, as
/// <see cref="Infer.Rmsmc{T}(Model{T}, RmsmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/> runs it on a model
/// with a compiled twin (<see cref="RmsmcPopulation{TState, TProgram, T}"/>): the interpreter's result bit for bit for
/// the same seed. Null (the interpreter runs) for a twin whose program cannot give and record choices or whose slots'
/// addresses may collide.
/// </summary>
internal sealed class CompiledRmsmc<T>(RmsmcOptions options, string twinName, IProgress<SmcProgress>? progress, CancellationToken cancellationToken)
    : ICompiledModelVisitor<T, WeightedSample<T>?>
{
    /// <summary>The compiled run of <paramref name="model"/>'s twin; null when it has none (or one that cannot run the moves) or when <see cref="ParticleOptions.Interpreted"/> is set.</summary>
    public static WeightedSample<T>? TryRun(Model<T> model, RmsmcOptions options, IProgress<SmcProgress>? progress, CancellationToken cancellationToken) =>
        !options.Interpreted && CompiledModels.TryGetTwin(model, out var twin)
            ? twin.Accept(new CompiledRmsmc<T>(options, twin.Name, progress, cancellationToken))
            : null;

    /// <inheritdoc />
    public WeightedSample<T>? VisitParticleProgram<TState, TProgram>(TProgram program)
        where TState : struct
        where TProgram : struct, IParticleProgram<TState, T> => null;

    /// <inheritdoc />
    public WeightedSample<T>? VisitChoiceParticleProgram<TState, TProgram>(TProgram program)
        where TState : struct
        where TProgram : struct, IChoiceParticleProgram<TState, T> =>
        program.SlotsDistinct
            ? new RmsmcPopulation<TState, TProgram, T>(program, options.Particles, options.Seed, options.MaxDegreeOfParallelism, options.Algorithm, twinName)
                .Run(options.Resampler, options.EssThreshold, options.MoveSteps, progress, cancellationToken)
            : null;
}
