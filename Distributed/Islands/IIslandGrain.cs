using Orleans.Concurrency;

namespace Probabilistic.Distributed.Islands;

/// <summary>
/// One island of an island SMC run on a cluster: a bootstrap filter of M particles of a catalog model (an
/// <c>SmcSampler</c> held in the grain), advanced one observation step per call by the coordinator
/// (<see cref="ClusterIslands"/>). Keyed by "run id/island index".
/// </summary>
public interface IIslandGrain : IGrainWithStringKey
{
    /// <summary>Starts the island's population: the model registered as <paramref name="settings"/>' model, its particles from its seed.</summary>
    Task<IslandReport> Start(IslandSettings settings);

    /// <summary>Advances the population by one step (nothing when it has finished) and reports it.</summary>
    Task<IslandReport> Advance();

    /// <summary>Takes a checkpoint of the population as it stands, kept for the islands that copy this one (<see cref="GetSnapshot"/>).</summary>
    Task TakeSnapshot();

    /// <summary>The checkpoint bytes <see cref="TakeSnapshot"/> kept (interleaves with a running call: it reads only that snapshot).</summary>
    [AlwaysInterleave]
    Task<byte[]> GetSnapshot();

    /// <summary>Becomes a copy of the island <paramref name="ancestor"/> (its last snapshot), continuing with the streams of <paramref name="seed"/>.</summary>
    Task<IslandReport> Adopt(string ancestor, ulong seed);

    /// <summary>Continues from its next step with the streams of <paramref name="seed"/>.</summary>
    Task Reseed(ulong seed);

    /// <summary>The finished population's weighted sample, its values as numbers.</summary>
    Task<IslandSample> Result();

    /// <summary>Drops the population and lets the grain deactivate.</summary>
    Task Close();
}

/// <summary>What an island runs: the catalog model's name and its filter's settings (those of <c>SmcOptions</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record IslandSettings(
    [property: Id(0)] string Model,
    [property: Id(1)] int Particles,
    [property: Id(2)] ulong Seed,
    [property: Id(3)] string Resampler,
    [property: Id(4)] double EssThreshold,
    [property: Id(5)] bool Interpreted,
    [property: Id(6)] int MaxDegreeOfParallelism);

/// <summary>An island after a call: its evidence estimate so far, whether it has finished, its step, and the silo it ran on.</summary>
[GenerateSerializer, Immutable]
public sealed record IslandReport(
    [property: Id(0)] double LogEvidence,
    [property: Id(1)] bool Finished,
    [property: Id(2)] int Step,
    [property: Id(3)] string Silo);

/// <summary>A finished island's weighted sample: the return values as numbers, the log weights and log Ẑ_b.</summary>
[GenerateSerializer, Immutable]
public sealed record IslandSample(
    [property: Id(0)] double[] Values,
    [property: Id(1)] double[] LogWeights,
    [property: Id(2)] double LogEvidence,
    [property: Id(3)] double LogEvidenceStandardError,
    [property: Id(4)] string Silo);
