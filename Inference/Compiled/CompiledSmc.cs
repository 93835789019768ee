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
        int n = options.Particles, steps = program.Steps;
        double threshold = options.EssThreshold;
        using var population = new CompiledPopulation<TState, TProgram, T>(program, n, seed, options.MaxDegreeOfParallelism);
        for (int k = 0; k < steps; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            population.Advance();
            double ess = LogWeightStatistics.EffectiveSampleSize(population.LogWeights, out double logMeanExp);
            if (double.IsNegativeInfinity(logMeanExp)) throw AllImpossible(population.Step);
            // Population<T>.Degenerate: below threshold·N, or always at a threshold of 1.
            bool resampled = threshold >= 1 || ess < threshold * n;
            if (resampled) population.Resample(options.Resampler, ess, logMeanExp);
            progress?.Report(new SmcProgress(population.Step, ess, population.LogEvidence, resampled));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var values = new T[n];
        population.Finish(values);
        if (population.AllImpossibleNow) throw AllImpossible(population.Step);
        progress?.Report(new SmcProgress(population.Step, population.EffectiveSampleSize, population.LogEvidence, false));
        double se = LogEvidenceError.LogStandardError(
            LogEvidenceError.LeeWhiteleyRelativeVariance(population.LogWeights, population.Eves, population.Resamplings));
        return new WeightedSample<T>(values, population.LogWeights, population.LogEvidence, se)
        {
            EffectiveSampleSizeBeforeResampling = population.EffectiveSampleSizeBeforeResampling,
            LogEvidenceStandardErrorKind = double.IsNaN(se) ? LogEvidenceErrorKind.None
                : population.OtherResamplings > 0 ? LogEvidenceErrorKind.GenealogyApproximate : LogEvidenceErrorKind.Genealogy,
        };
    }

    /// <summary>Every particle has weight 0 after <paramref name="step"/> steps (the compiled program knows no addresses).</summary>
    private ModelException AllImpossible(int step) =>
        new($"{options.Algorithm}: every particle has weight 0 after step {step} (observation or factor number {step} of the model, " +
            $"run by the compiled twin {twinName}); run with Interpreted = true to have the observation named by its address.");
}
