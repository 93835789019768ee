using Probabilistic.Compilation;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Xunit.Sdk;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// The differential check of resample-move SMC (issue 15, item 4): <c>Infer.Rmsmc</c> on the twin's particle program
/// (single-site moves replaying the program with all but one choice given) and with <c>Interpreted = true</c>
/// (<c>Population.Rejuvenate</c>) give the same population bit for bit — values, weights, log Ẑ, its standard error and
/// both ESS — or the same exception type, under each configuration in <see cref="Configurations"/> (every resampling
/// scheme, thresholds 0.5 to 1, one to three moves, one or two threads). The twin must be one the compiled Rmsmc runs:
/// a choice program whose slots' addresses are distinct. Run on every program of the mixed batches of
/// <see cref="DifferentialProperties"/>.
/// </summary>
public sealed class RmsmcSameAsInterpreter : IModelCheck
{
    /// <summary>The configurations every program runs under.</summary>
    public static readonly RmsmcOptions[] Configurations =
    [
        new() { Particles = 5, Resampler = Resampler.Systematic, EssThreshold = 1.0, MoveSteps = 2, Seed = 11, MaxDegreeOfParallelism = 1 },
        new() { Particles = 16, Resampler = Resampler.Multinomial, EssThreshold = 0.5, MoveSteps = 1, Seed = 12, MaxDegreeOfParallelism = 2 },
        new() { Particles = 9, Resampler = Resampler.Residual, EssThreshold = 0.9, MoveSteps = 3, Seed = 13, MaxDegreeOfParallelism = 1 },
        new() { Particles = 7, Resampler = Resampler.Stratified, EssThreshold = 1.0, MoveSteps = 1, Seed = 14, MaxDegreeOfParallelism = 1 },
    ];

    /// <inheritdoc />
    public void Check<T>(ModelProgram program, Model<T> model, Model<T>? plain) where T : notnull
    {
        if (!CompiledModels.TryGetTwin(model, out var twin)) throw new XunitException("the model has no compiled twin");
        if (!twin.Accept(new RunsMoves<T>())) throw new XunitException("the twin is not a choice program with distinct slots: Rmsmc would interpret it");
        int compared = 0;
        foreach (var o in Configurations)
        {
            string context = $"Rmsmc(Particles = {o.Particles}, {o.Resampler}, EssThreshold = {o.EssThreshold}, MoveSteps = {o.MoveSteps}, Seed = {o.Seed}, threads {o.MaxDegreeOfParallelism})";
            if (PopulationAssert.SameOutcome(context, () => Infer.Rmsmc(model, o with { Interpreted = true }), () => Infer.Rmsmc(model, o),
                (i, c) => PopulationAssert.Same(context, i, c))) compared++;
        }
        // The generator keeps every parameter valid, so runs that throw under every configuration would compare nothing.
        if (compared == 0) throw new XunitException($"Rmsmc threw under every one of {Configurations.Length} configurations: nothing was compared");
    }

    /// <summary>Whether <c>Infer.Rmsmc</c> runs the twin (<c>CompiledRmsmc</c>'s condition): a choice program with distinct slots.</summary>
    private sealed class RunsMoves<T> : ICompiledModelVisitor<T, bool>
    {
        public bool VisitParticleProgram<TState, TProgram>(TProgram program)
            where TState : struct
            where TProgram : struct, IParticleProgram<TState, T> => false;

        public bool VisitChoiceParticleProgram<TState, TProgram>(TProgram program)
            where TState : struct
            where TProgram : struct, IChoiceParticleProgram<TState, T> => program.SlotsDistinct;
    }
}
