using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Rmsmc{T}"/>.</summary>
public sealed record RmsmcOptions
{
    /// <summary>Number of particles N.</summary>
    public int Particles { get; init; } = 1000;

    /// <summary>Single-site MH steps given to each particle after each resampling.</summary>
    public int MoveSteps { get; init; } = 1;

    /// <summary>The resampling scheme (systematic by default).</summary>
    public Resampler Resampler { get; init; } = Resampler.Systematic;

    /// <summary>Resample (and move) when the ESS falls below this fraction of N: 1 after every observation.</summary>
    public double EssThreshold { get; init; } = 0.5;

    /// <summary>The seed: the same seed gives the same result whatever the thread count.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Maximum number of threads advancing and moving particles.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

public static partial class Infer
{
    /// <summary>
    /// Resample-move SMC (Gilks &amp; Berzuini, "Following a moving target — Monte Carlo inference for dynamic
    /// Bayesian models", JRSS B 2001; monad-bayes' <c>rmsmc</c>, Ścibior, Kammar &amp; Ghahramani ICFP 2018): the
    /// particle filter of <see cref="Smc{T}"/> with particles that record their choices, where after each
    /// resampling every particle is rejuvenated by <see cref="RmsmcOptions.MoveSteps"/> single-site MH steps on the
    /// program run so far (<see cref="Population{T}.Rejuvenate"/>), which restores the diversity resampling
    /// removed without changing the weights. Ẑ stays unbiased for the evidence.
    /// </summary>
    public static WeightedSample<T> Rmsmc<T>(Model<T> model, RmsmcOptions? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new RmsmcOptions();
        OptionRules.AtLeast("Rmsmc", nameof(o.Particles), o.Particles);
        OptionRules.AtLeast("Rmsmc", nameof(o.MoveSteps), o.MoveSteps, 0);
        OptionRules.Resampler("Rmsmc", o.Resampler);
        OptionRules.EssThreshold("Rmsmc", o.EssThreshold);
        OptionRules.Threads("Rmsmc", o.MaxDegreeOfParallelism);

        var population = Population<T>.Spawn(model, o.Particles, o.Seed).RecordChoices();
        population.Algorithm = "Rmsmc";
        return Filter(population, o.Resampler, o.EssThreshold, o.MaxDegreeOfParallelism,
            p => p.Rejuvenate(o.MoveSteps), progress, cancellationToken);
    }
}
