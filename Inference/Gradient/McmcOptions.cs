namespace Probabilistic.Inference;

/// <summary>
/// The run settings every chain-based MCMC entry point shares (<see cref="NutsOptions"/>, <see cref="HmcOptions"/>,
/// <see cref="GibbsOptions"/>), declared once here and named and defaulted as CmdStan's arguments (<c>num_warmup</c>,
/// <c>num_samples</c>, <c>thin</c>, <c>seed</c>, <c>init</c>). Each entry point validates them once, when it starts.
/// </summary>
public abstract record McmcOptions
{
    // Only this library's option records derive from it: each entry point knows its own.
    private protected McmcOptions() { }

    /// <summary>Number of chains, run in parallel; chain k uses the generator stream (Seed, k), so results do not depend on the thread count.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warmup (adaptation) iterations per chain (<c>num_warmup</c>); for Gibbs, warmup sweeps.</summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>Kept draws per chain (<c>num_samples</c>), at least one.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>Transitions (for Gibbs, sweeps) per kept draw (<c>thin</c>).</summary>
    public int Thin { get; init; } = 1;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// Initial values of some or all of the model's choices (constrained, by address): continuous ones start the sampler
    /// there and the others at random (Stan's partial <c>init</c>); Gibbs also takes discrete ones (the others as drawn from
    /// the prior). Null for all random. An address that is not a sampled choice of the model (misspelled, or observed) is a
    /// <see cref="ModelException"/> naming it and the nearest ones.
    /// </summary>
    public ChoiceMap? InitialValues { get; init; }

    /// <summary>
    /// Forces the interpreter even when the model carries a compiled twin with a generated log density
    /// (<see cref="Compilation.CompiledAttribute"/>; false by default: the gradient-based samplers run the generated density,
    /// see <see cref="ModelDensity{T}.Generated"/>). For debugging and for the differential tests that compare the two.
    /// </summary>
    public bool Interpreted { get; init; }

    /// <summary>
    /// Keeps the gradients on the (compiled) tape of the generated density even when the model has a generated gradient
    /// (<see cref="ModelDensity{T}.GeneratedGradient"/>; false by default: the generated gradient runs). For the
    /// differential tests and benchmarks that compare the two.
    /// </summary>
    public bool TapeGradient { get; init; }

    /// <summary>At most this many chains run at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Checks the run settings; <paramref name="algorithm"/> (the entry point validating them) starts the message of an
    /// <see cref="ArgumentOutOfRangeException"/> whose parameter name is the option's and whose value is the option's value.
    /// </summary>
    private protected void ValidateRun(string algorithm)
    {
        Require(Chains > 0, algorithm, nameof(Chains), Chains, "positive");
        Require(Warmup >= 0, algorithm, nameof(Warmup), Warmup, "non-negative");
        Require(Draws > 0, algorithm, nameof(Draws), Draws, "positive");
        Require(Thin > 0, algorithm, nameof(Thin), Thin, "positive");
        Require(MaxDegreeOfParallelism > 0, algorithm, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "positive");
    }

    /// <summary>An <see cref="ArgumentOutOfRangeException"/> naming the option <paramref name="name"/> and its value unless <paramref name="ok"/>.</summary>
    private protected static void Require(bool ok, string algorithm, string name, object value, string rule)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{algorithm}: {name} must be {rule}, but is {value}.");
    }
}
