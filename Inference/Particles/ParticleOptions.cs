using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// The particle settings every particle algorithm shares — SMC, resample-move SMC, the inner filters of PMMH and SMC²,
/// and particle Gibbs's conditional SMC — declared and validated once: each algorithm's options record derives from
/// this one, sets its own defaults and adds its own settings. A bad value is an <see cref="ArgumentOutOfRangeException"/>
/// (null resampler: <see cref="ArgumentNullException"/>) whose message names the algorithm, the setting and the value.
/// </summary>
public abstract record ParticleOptions
{
    /// <summary>Number of particles N (of each inner filter for PMMH and SMC²).</summary>
    public int Particles { get; init; } = 1000;

    /// <summary>
    /// The resampling scheme (systematic by default: the lowest-variance log Ẑ of the four). The reported
    /// <see cref="WeightedSample{T}.LogEvidenceStandardError"/> is a valid estimate only under
    /// <see cref="Resampler.Multinomial"/>; with another scheme it is marked approximate (it under-reports).
    /// </summary>
    public Resampler Resampler { get; init; } = Resampler.Systematic;

    /// <summary>
    /// Resample when the ESS falls below this fraction of N, in [0, 1]: 1 resamples after every observation, 0 never
    /// (values outside [0, 1] are an error).
    /// </summary>
    public double EssThreshold { get; init; } = 0.5;

    /// <summary>The seed: the same seed gives the same result whatever the thread count.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Maximum number of threads advancing particles, at least 1 (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Forces the interpreter even when the model carries a compiled twin (<see cref="Compilation.CompiledAttribute"/>;
    /// false by default: algorithms that can run the twin's particle program do). For debugging and for the differential
    /// tests that compare the compiled and the interpreted runs.
    /// </summary>
    public bool Interpreted { get; init; }

    /// <summary>The algorithm's name, as error messages give it.</summary>
    internal abstract string Algorithm { get; }

    /// <summary>The fewest particles the algorithm can run with.</summary>
    private protected virtual int MinimumParticles => 1;

    /// <summary>Checks the shared settings, then the algorithm's own (<see cref="ValidateOwn"/>); returns this.</summary>
    internal void Validate()
    {
        OptionRules.AtLeast(Algorithm, nameof(Particles), Particles, MinimumParticles);
        OptionRules.Resampler(Algorithm, Resampler);
        OptionRules.EssThreshold(Algorithm, EssThreshold);
        OptionRules.Threads(Algorithm, MaxDegreeOfParallelism);
        ValidateOwn();
    }

    /// <summary>The algorithm's own settings' checks (none by default).</summary>
    private protected virtual void ValidateOwn() { }
}
