namespace Probabilistic.Distributed;

/// <summary>What a <see cref="ChainGrain"/> keeps in grain storage: its assignment and its last checkpoint (draws included).</summary>
[GenerateSerializer]
public sealed class ChainGrainState
{
    /// <summary>The chain's assignment (model, run options, chain), fixed by the first call.</summary>
    [Id(0)] public ChainAssignment? Assignment { get; set; }

    /// <summary>The chain's last checkpoint, <see cref="Inference.HamiltonianCheckpoint.ToBytes"/> of one chain, or null before the first segment.</summary>
    [Id(1)] public byte[]? Checkpoint { get; set; }

    /// <summary>The iteration the checkpoint was taken at.</summary>
    [Id(2)] public int Iteration { get; set; }
}
