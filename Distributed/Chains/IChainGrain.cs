namespace Probabilistic.Distributed;

/// <summary>
/// One chain of an HMC or NUTS run as a grain, keyed "run id/chain": it samples in segments and checkpoints its complete
/// state to grain storage <see cref="ClusterConfiguration.CheckpointStorage"/> after each, so that an activation on another
/// silo (after the first one's silo died) continues from the last checkpoint, bit for bit.
/// </summary>
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs the chain up to iteration <paramref name="toIteration"/> (warmup included; no further than its end), checkpoints
    /// it, and returns its kept draws from <paramref name="fromDraw"/> on. Idempotent: a chain already at or past
    /// <paramref name="toIteration"/> runs nothing and returns the same draws again, so a caller may repeat a call whose
    /// answer it lost. Cancelling stops the chain after its current iteration, checkpoints it and throws an <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<ChainSegment> Advance(ChainAssignment assignment, int toIteration, int fromDraw, CancellationToken cancellationToken = default);

    /// <summary>The chain's checkpoint now (<see cref="Inference.HamiltonianCheckpoint.ToBytes"/>, one chain), restored from storage if needed.</summary>
    Task<byte[]> Checkpoint(ChainAssignment assignment);
}
