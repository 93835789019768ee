using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Smc{T}"/>.</summary>
public sealed record SmcOptions
{
    /// <summary>Number of particles N.</summary>
    public int Particles { get; init; } = 1000;

    /// <summary>The resampling scheme (systematic by default).</summary>
    public Resampler Resampler { get; init; } = Resampler.Systematic;

    /// <summary>
    /// Resample when the ESS falls below this fraction of N, in [0, 1]: 1 resamples after every observation, 0 never
    /// (values outside [0, 1] are an error).
    /// </summary>
    public double EssThreshold { get; init; } = 0.5;

    /// <summary>The seed: the same seed gives the same result whatever the thread count.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Maximum number of threads advancing particles.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>What a particle algorithm reports after each step.</summary>
/// <param name="Step">Steps done (observations or factors passed).</param>
/// <param name="EffectiveSampleSize">
/// Kish's ESS of the weights after this step's scores and before this step's resampling (when it resamples):
/// a collapse shows here at the step it happens. A step that passes no score (the run to the end after the last
/// observation) reports the weights it inherited, which are all equal (ESS = N) when the step before resampled;
/// <see cref="WeightedSample{T}.EffectiveSampleSizeBeforeResampling"/> keeps the ESS at the last resampling.
/// </param>
/// <param name="LogEvidence">The log-evidence estimate so far.</param>
/// <param name="Resampled">Whether the population was resampled in this step.</param>
public readonly record struct SmcProgress(int Step, double EffectiveSampleSize, double LogEvidence, bool Resampled);
