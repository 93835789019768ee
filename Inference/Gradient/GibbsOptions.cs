namespace Probabilistic.Inference;

/// <summary>
/// Options of <see cref="Infer.Gibbs{T}"/>: the run's chains, warmup sweeps, draws, thinning, seed and initial values
/// (<see cref="McmcOptions"/>, here and only here; initial values may name discrete choices too), and the HMC/NUTS tuning
/// of the continuous block in <see cref="Continuous"/>.
/// </summary>
/// <remarks>
/// One source of truth: the run's settings are these top-level ones. <see cref="Continuous"/> carries the kernel's own
/// tuning (step size, metric, tree depth or integration time, adaptation windows and target acceptance); its
/// <c>Chains</c>, <c>Warmup</c>, <c>Draws</c>, <c>Thin</c>, <c>Seed</c>, <c>InitialValues</c> and
/// <c>MaxDegreeOfParallelism</c> must be left at their defaults (or equal the top-level values): a different value
/// there is an <see cref="ArgumentException"/> naming both.
/// </remarks>
public sealed record GibbsOptions : McmcOptions
{
    /// <summary>
    /// The kernel of the continuous choices and its tuning (NUTS by default; an <see cref="HmcOptions"/> for static HMC).
    /// Leave its run settings (Chains, Warmup, Draws, Thin, Seed, InitialValues, MaxDegreeOfParallelism) at their
    /// defaults: the run's are the top-level ones.
    /// </summary>
    public HamiltonianOptions Continuous { get; init; } = new NutsOptions();

    /// <summary>The continuous kernel's options with the run's settings (initial values are read by the Gibbs chain itself).</summary>
    /// <exception cref="ArgumentException">A run setting of <see cref="Continuous"/> differs both from its default and from
    /// the top-level one, or <see cref="Continuous"/> asks for Pathfinder initialization.</exception>
    internal HamiltonianOptions Resolve()
    {
        ArgumentNullException.ThrowIfNull(Continuous, nameof(Continuous));
        if (Continuous.Pathfinder is not null)
            throw new ArgumentException("Gibbs: Pathfinder initialization needs a fixed density over the continuous choices, which Gibbs changes every sweep; remove Continuous.Pathfinder.", nameof(HamiltonianOptions.Pathfinder));
        if (Continuous.WarmStart is not null)
            throw new ArgumentException("Gibbs: Continuous.WarmStart is set, but Gibbs does not warm start its NUTS/HMC steps (the density over the continuous choices changes every sweep); remove Continuous.WarmStart.", nameof(HamiltonianOptions.WarmStart));
        var defaults = new NutsOptions();
        void Same<TValue>(string name, TValue nested, TValue fallback, TValue top)
        {
            if (EqualityComparer<TValue>.Default.Equals(nested, fallback) || EqualityComparer<TValue>.Default.Equals(nested, top)) return;
            throw new ArgumentException(
                $"Gibbs: Continuous.{name} is {nested} but GibbsOptions.{name} is {top}; set {name} on GibbsOptions only (Continuous holds the " +
                "NUTS/HMC tuning: step size, metric, tree depth, adaptation).", nameof(Continuous));
        }
        Same(nameof(Chains), Continuous.Chains, defaults.Chains, Chains);
        Same(nameof(Warmup), Continuous.Warmup, defaults.Warmup, Warmup);
        Same(nameof(Draws), Continuous.Draws, defaults.Draws, Draws);
        Same(nameof(Thin), Continuous.Thin, defaults.Thin, Thin);
        Same(nameof(Seed), Continuous.Seed, defaults.Seed, Seed);
        Same(nameof(MaxDegreeOfParallelism), Continuous.MaxDegreeOfParallelism, defaults.MaxDegreeOfParallelism, MaxDegreeOfParallelism);
        if (Continuous.InitialValues is not null && !ReferenceEquals(Continuous.InitialValues, InitialValues))
            throw new ArgumentException("Gibbs: Continuous.InitialValues is set; set InitialValues on GibbsOptions only (it may name discrete choices too).", nameof(Continuous));
        return Continuous with
        {
            Chains = Chains, Warmup = Warmup, Draws = Draws, Thin = Thin, Seed = Seed,
            MaxDegreeOfParallelism = MaxDegreeOfParallelism, InitialValues = null, Interpreted = Interpreted || Continuous.Interpreted, TapeGradient = TapeGradient || Continuous.TapeGradient,
        };
    }
}
