using Probabilistic.Inference;

namespace Probabilistic.Distributed.OuterLoops;

/// <summary>What an SMC² θ-block runs: the catalog's model, the selected addresses (encoded), the settings.</summary>
[GenerateSerializer, Immutable]
public sealed record Smc2Request([property: Id(0)] string Model, [property: Id(1)] byte[] Parameters, [property: Id(2)] ParticleSettings Settings);

/// <summary>The parameter particles' birth states and log p(θ), drawn in order from the run's generator, and its state after.</summary>
[GenerateSerializer, Immutable]
public sealed record Smc2Births([property: Id(0)] RngWords[] Births, [property: Id(1)] double[] LogPriors, [property: Id(2)] RngWords After);

/// <summary>A block's parameter particles' log weights after a step, whether all its inner filters finished, and the silo that holds it.</summary>
[GenerateSerializer, Immutable]
public sealed record Smc2BlockState([property: Id(0)] double[] LogWeights, [property: Id(1)] bool AllFinished, [property: Id(2)] string Silo);

/// <summary>A parameter particle's lineage (<see cref="Smc2Lineage"/>) as a message field.</summary>
[GenerateSerializer, Immutable]
public sealed record Smc2LineageWords([property: Id(0)] RngWords Birth, [property: Id(1)] int BornAt, [property: Id(2)] int[] CloneSteps, [property: Id(3)] ulong[] CloneSeeds)
{
    internal static Smc2LineageWords Of(Smc2Lineage l) =>
        new(RngWords.Of(l.Birth), l.BornAt, l.Clones.Select(c => c.Step).ToArray(), l.Clones.Select(c => c.Seed).ToArray());

    internal Smc2Lineage Lineage => new(Birth.State, BornAt, CloneSteps.Zip(CloneSeeds).ToArray());
}

/// <summary>
/// One resampled slot of a block: its ancestor, by index in this block (<see cref="Local"/> ≥ 0) or else by lineage (rebuilt
/// here), and the seed its copy continues with.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Smc2Slot([property: Id(0)] int Local, [property: Id(1)] Smc2LineageWords? Lineage, [property: Id(2)] ulong Seed);

/// <summary>After a block's resampling and moves: the birth state of each slot's accepted proposal (null where none was accepted), and whether all its inner filters finished.</summary>
[GenerateSerializer, Immutable]
public sealed record Smc2Regenerated([property: Id(0)] RngWords?[] Accepted, [property: Id(1)] bool AllFinished);

/// <summary>A block's parameter particles (encoded θ) and the return values drawn from their inner filters (null bytes for a weight-0 particle).</summary>
[GenerateSerializer, Immutable]
public sealed record Smc2Draws([property: Id(0)] byte[][] Parameters, [property: Id(1)] byte[]?[] Values, [property: Id(2)] string Silo);
