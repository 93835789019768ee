namespace Probabilistic.Inference.Particles;

/// <summary>
/// Checks of the particle algorithms' options, each failure an <see cref="ArgumentOutOfRangeException"/> whose
/// message names the algorithm, the option and the value given (ParamName "options").
/// </summary>
internal static class OptionRules
{
    /// <summary>A count that must be at least <paramref name="minimum"/> (1 unless said).</summary>
    public static void AtLeast(string algorithm, string option, int value, int minimum = 1)
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException("options", value, $"{algorithm}: {option} must be at least {minimum}, but is {value}.");
    }

    /// <summary>An ESS threshold: a fraction of N in [0, 1] (0 never resamples, 1 resamples at every step).</summary>
    public static void EssThreshold(string algorithm, double value)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException("options", value, $"{algorithm}: EssThreshold is a fraction of the number of particles and must be in [0, 1], but is {value}.");
    }

    /// <summary>A thread limit: at least 1.</summary>
    public static void Threads(string algorithm, int value)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException("options", value, $"{algorithm}: MaxDegreeOfParallelism must be at least 1, but is {value}.");
    }

    /// <summary>A resampling scheme: not null.</summary>
    public static void Resampler(string algorithm, Resampler? value)
    {
        if (value is null) throw new ArgumentNullException("options.Resampler", $"{algorithm}: Resampler must not be null.");
    }

    /// <summary>The options given (their defaults when null), validated: the shared particle settings, then the algorithm's own.</summary>
    public static TOptions Checked<TOptions>(TOptions? options) where TOptions : ParticleOptions, new()
    {
        var o = options ?? new TOptions();
        o.Validate();
        return o;
    }
}
