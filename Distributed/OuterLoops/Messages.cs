using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.OuterLoops;

/// <summary>A generator's state (<see cref="RngState"/>) as an Orleans message field.</summary>
[GenerateSerializer, Immutable]
public readonly record struct RngWords(
    [property: Id(0)] ulong S0, [property: Id(1)] ulong S1, [property: Id(2)] ulong S2, [property: Id(3)] ulong S3,
    [property: Id(4)] double SpareGaussian, [property: Id(5)] bool HasSpare)
{
    /// <summary>The words of <paramref name="state"/>.</summary>
    public static RngWords Of(RngState state) => new(state.S0, state.S1, state.S2, state.S3, state.SpareGaussian, state.HasSpare);

    /// <summary>The generator's state these words hold.</summary>
    public RngState State => new(S0, S1, S2, S3, SpareGaussian, HasSpare);
}

/// <summary>
/// The settings of a particle algorithm as they travel to a grain: <see cref="ParticleOptions"/>' shared fields (the
/// resampler by name: one of the four built-in schemes) and PMMH's or SMC²'s own.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ParticleSettings(
    [property: Id(0)] int Particles, [property: Id(1)] string Resampler, [property: Id(2)] double EssThreshold, [property: Id(3)] ulong Seed,
    [property: Id(4)] int MaxDegreeOfParallelism, [property: Id(5)] bool Interpreted,
    [property: Id(6)] int Samples, [property: Id(7)] int BurnIn, [property: Id(8)] int InitAttempts,
    [property: Id(9)] int ParameterParticles, [property: Id(10)] int MoveSteps)
{
    private static readonly (string Name, Resampler Scheme)[] Schemes =
    [
        ("systematic", Inference.Particles.Resampler.Systematic), ("stratified", Inference.Particles.Resampler.Stratified),
        ("multinomial", Inference.Particles.Resampler.Multinomial), ("residual", Inference.Particles.Resampler.Residual),
    ];

    /// <summary>The settings of <paramref name="o"/> (validated).</summary>
    public static ParticleSettings Of(PmmhOptions o) =>
        new(o.Particles, Name(o.Resampler), o.EssThreshold, o.Seed, o.MaxDegreeOfParallelism, o.Interpreted, o.Samples, o.BurnIn, o.InitAttempts, 0, 0);

    /// <summary>The settings of <paramref name="o"/> (validated).</summary>
    public static ParticleSettings Of(Smc2Options o) =>
        new(o.Particles, Name(o.Resampler), o.EssThreshold, o.Seed, o.MaxDegreeOfParallelism, o.Interpreted, 0, 0, 0, o.ParameterParticles, o.MoveSteps);

    /// <summary>PMMH's options with these settings.</summary>
    public PmmhOptions Pmmh() => new()
    {
        Particles = Particles, Resampler = Scheme(), EssThreshold = EssThreshold, Seed = Seed, MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        Interpreted = Interpreted, Samples = Samples, BurnIn = BurnIn, InitAttempts = InitAttempts,
    };

    /// <summary>SMC²'s options with these settings.</summary>
    public Smc2Options Smc2() => new()
    {
        Particles = Particles, Resampler = Scheme(), EssThreshold = EssThreshold, Seed = Seed, MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        Interpreted = Interpreted, ParameterParticles = ParameterParticles, MoveSteps = MoveSteps,
    };

    private static string Name(Resampler scheme) =>
        Array.Find(Schemes, s => ReferenceEquals(s.Scheme, scheme)).Name
        ?? throw new ArgumentException($"Resampler: only the built-in schemes (systematic, stratified, multinomial, residual) run on a cluster, not {scheme.GetType().Name}.", nameof(scheme));

    private Resampler Scheme() => Array.Find(Schemes, s => s.Name == Resampler).Scheme
        ?? throw new ArgumentException($"Resampler: unknown scheme '{Resampler}'.", nameof(Resampler));
}

/// <summary>What a PMMH chain grain runs: the catalog's model, the selected addresses (encoded) and the chain's settings (its own seed).</summary>
[GenerateSerializer, Immutable]
public sealed record PmmhChainRequest([property: Id(0)] string Model, [property: Id(1)] byte[] Parameters, [property: Id(2)] ParticleSettings Settings);

/// <summary>
/// The states a chain kept in transitions (<see cref="From"/>, <see cref="To"/>]: each θ and return value encoded, and
/// each log Ẑ(θ); the accepted count at <see cref="To"/>; the silo that ran the segment.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PmmhSegment(
    [property: Id(0)] int From, [property: Id(1)] int To, [property: Id(2)] byte[][] Parameters, [property: Id(3)] byte[][] Values,
    [property: Id(4)] double[] LogEvidence, [property: Id(5)] int Accepted, [property: Id(6)] string Silo);

/// <summary>A PMMH chain's checkpoint (<see cref="PmmhCheckpoint"/>) as grain state.</summary>
[GenerateSerializer, Immutable]
public sealed record PmmhChainPoint(
    [property: Id(0)] int Iteration, [property: Id(1)] int Accepted, [property: Id(2)] RngWords Rng, [property: Id(3)] RngWords Birth,
    [property: Id(4)] double LogPrior, [property: Id(5)] double LogZ)
{
    internal static PmmhChainPoint Of(PmmhCheckpoint c) => new(c.Iteration, c.Accepted, RngWords.Of(c.Rng), RngWords.Of(c.Birth), c.LogPrior, c.LogZ);

    internal PmmhCheckpoint Checkpoint => new(Iteration, Accepted, Rng.State, Birth.State, LogPrior, LogZ);
}

/// <summary>
/// A PMMH chain grain's stored state: the checkpoints at the start and at the end of its last segment (so a segment
/// whose answer was lost with its silo is run again from its start and gives the same states), and the request they belong to.
/// </summary>
[GenerateSerializer]
public sealed class PmmhChainCheckpoints
{
    /// <summary>The model's name the checkpoints belong to.</summary>
    [Id(0)] public string? Model { get; set; }

    /// <summary>The chain's seed.</summary>
    [Id(1)] public ulong Seed { get; set; }

    /// <summary>The checkpoint at the start of the last segment.</summary>
    [Id(2)] public PmmhChainPoint? Start { get; set; }

    /// <summary>The checkpoint at the end of the last segment.</summary>
    [Id(3)] public PmmhChainPoint? End { get; set; }
}
