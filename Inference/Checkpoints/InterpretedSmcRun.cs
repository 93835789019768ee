using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// The interpreted bootstrap filter a step at a time, its particles recording their choices (so that a checkpoint can
/// store them: a particle's suspended program is a closure, which no format can write). Recording changes no draw, so
/// the run is <c>Infer.Smc</c>'s with <see cref="ParticleOptions.Interpreted"/>, bit for bit.
/// </summary>
internal sealed class InterpretedSmcRun<T>(Model<T> model, Population<T> population, SmcOptions options) : SmcRun<T>
{
    /// <summary>A fresh run: <paramref name="options"/>' particles from <paramref name="seed"/>, moved by <paramref name="stepper"/> (recording bootstrap by default).</summary>
    public static InterpretedSmcRun<T> Start(Model<T> model, SmcOptions options, ulong seed, Stepper? stepper = null) =>
        new(model, Population<T>.Spawn(model, options, stepper ?? Stepper.Bootstrap.Recording(), seed), options);

    /// <summary>The run <paramref name="checkpoint"/> was taken from, its particles replayed, drawing from <paramref name="seed"/>'s streams.</summary>
    public static InterpretedSmcRun<T> Resume(Model<T> model, SmcCheckpoint checkpoint, SmcOptions options, ulong seed) =>
        new(model, Population<T>.Restore(model, checkpoint.Particles, Stepper.Bootstrap.Recording(), seed, options.MaxDegreeOfParallelism, options.Algorithm), options);

    internal Population<T> Population => population;

    public override int Step => population.Step;

    public override bool Finished => population.AllFinished;

    public override double LogEvidence => population.LogEvidence;

    public override double[] LogWeights() => population.LogWeights.ToArray();

    public override void Advance(IProgress<SmcProgress>? progress)
    {
        if (Finished) throw new InvalidOperationException("SmcSampler: every particle has finished the model; there is no step left.");
        population.SequentialStep(options.Resampler, options.EssThreshold, progress);
    }

    public override WeightedSample<T> Result() => population.Collapse();

    public override SmcCheckpoint Checkpoint() =>
        new(SmcCheckpoint.InterpretedProgram, population.Seed, options.Resampler.Name, options.EssThreshold, population.Snapshot());

    public override SmcRun<T> Clone(ulong seed) => new InterpretedSmcRun<T>(model, population.Clone(seed), options);

    public override void Reseed(ulong seed) => population.Reseed(seed);
}
