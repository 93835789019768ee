namespace Probabilistic.Inference.Particles;

/// <summary>How the islands of an island SMC run interact (Vergé, Dubarry, Del Moral &amp; Moulines 2015).</summary>
public enum IslandInteraction
{
    /// <summary>None: B independent filters, pooled at the end (log Ẑ = log of the mean of the islands' Ẑ_b).</summary>
    Independent,

    /// <summary>
    /// Island-level resampling (the paper's "double bootstrap", B2): after an observation step, when the islands'
    /// ESS falls below <see cref="IslandSmcOptions.IslandEssThreshold"/>·B, B islands are drawn in proportion to their
    /// weights (each island's evidence increment since the last island resampling) and copied whole; the copies continue
    /// with fresh random streams.
    /// </summary>
    Resampling,
}

/// <summary>
/// Options of an island SMC run (<see cref="IslandSmc"/>): <see cref="Islands"/> populations of <see cref="Island"/>'s
/// particles each, and how they interact.
/// </summary>
public sealed record IslandSmcOptions
{
    /// <summary>Number of islands B (at least 1; 4 by default).</summary>
    public int Islands { get; init; } = 4;

    /// <summary>
    /// Each island's filter: <see cref="ParticleOptions.Particles"/> is the particles per island M; its seed is the
    /// run's (island b starts from the b-th of <see cref="IslandSmc.IslandSeeds"/>, as <see cref="SmcOptions.Islands"/>
    /// does), and its resampler also resamples the islands.
    /// </summary>
    public SmcOptions Island { get; init; } = new();

    /// <summary>Independent islands (the default) or island-level resampling.</summary>
    public IslandInteraction Interaction { get; init; } = IslandInteraction.Independent;

    /// <summary>With <see cref="IslandInteraction.Resampling"/>: the islands are resampled when their ESS is below this fraction of B (always at 1, the default).</summary>
    public double IslandEssThreshold { get; init; } = 1.0;

    /// <summary>Checks the options (the island filter's and the interaction's); returns them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public IslandSmcOptions Validated()
    {
        OptionRules.AtLeast("IslandSmc", nameof(Islands), Islands);
        ArgumentNullException.ThrowIfNull(Island, "options.Island");
        Island.Validate();
        if (Island.Islands != 1)
            throw new ArgumentOutOfRangeException("options", Island.Islands, "IslandSmc: Island.Islands must be 1 (the number of islands is IslandSmcOptions.Islands).");
        if (!(IslandEssThreshold >= 0 && IslandEssThreshold <= 1))
            throw new ArgumentOutOfRangeException("options", IslandEssThreshold, $"IslandSmc: IslandEssThreshold is a fraction of the number of islands and must be in [0, 1], but is {IslandEssThreshold}.");
        return this;
    }
}
