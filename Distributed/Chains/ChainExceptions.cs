namespace Probabilistic.Distributed;

/// <summary>
/// The model threw inside a chain grain: the message names the model, the chain and the iteration, and the model's own
/// exception (type and message). The chain's last checkpoint is intact; the run can be retried from it.
/// </summary>
[GenerateSerializer]
public sealed class ChainFailedException : Exception
{
    /// <summary>A failure of <paramref name="model"/>'s chain <paramref name="chain"/> at <paramref name="iteration"/> (1-based, warmup included).</summary>
    public ChainFailedException(string model, int chain, int iteration, Exception cause)
        : base($"Model '{model}', chain {chain}, iteration {iteration}: {cause.GetType().Name}: {cause.Message}")
    {
        Model = model;
        Chain = chain;
        Iteration = iteration;
    }

    /// <summary>The model's name in the catalog.</summary>
    [Id(0)] public string Model { get; private set; } = "";
    /// <summary>The chain's number.</summary>
    [Id(1)] public int Chain { get; private set; }
    /// <summary>The iteration that threw (1-based, warmup included).</summary>
    [Id(2)] public int Iteration { get; private set; }
}

/// <summary>
/// A chain grain could not read or write its checkpoint in grain storage <see cref="ClusterConfiguration.CheckpointStorage"/>:
/// the message names the grain, the operation and the provider's error. Sampling stops rather than go on without a checkpoint.
/// </summary>
[GenerateSerializer]
public sealed class CheckpointStorageException : Exception
{
    /// <summary>A failure of <paramref name="operation"/> ("read" or "write") for grain <paramref name="grain"/>.</summary>
    public CheckpointStorageException(string grain, string operation, Exception cause)
        : base($"Chain grain '{grain}': the grain storage '{ClusterConfiguration.CheckpointStorage}' failed to {operation} its checkpoint: {cause.GetType().Name}: {cause.Message}")
    {
        Grain = grain;
        Conflict = cause is Orleans.Storage.InconsistentStateException;
    }

    /// <summary>The grain's key (run id / chain).</summary>
    [Id(0)] public string Grain { get; private set; } = "";

    /// <summary>True when another activation of the chain wrote the record first (a silo thought dead came back): repeating the call resumes from that record.</summary>
    [Id(1)] public bool Conflict { get; private set; }
}

/// <summary>The cluster could not be reached, or stopped answering: the message names the gateways (or the run) and the time waited.</summary>
public sealed class ClusterUnreachableException : Exception
{
    /// <summary>An unreachable cluster, described by <paramref name="message"/>.</summary>
    public ClusterUnreachableException(string message, Exception? inner = null) : base(message, inner) { }
}
