namespace Probabilistic.Distributed;

/// <summary>Which chain a <see cref="IChainGrain"/> samples: the model's name in the catalog, the run's options, and the chain's number.</summary>
[GenerateSerializer, Immutable]
public sealed record ChainAssignment(
    [property: Id(0)] string Model,
    [property: Id(1)] HamiltonianRunSpec Spec,
    [property: Id(2)] int Chain);

/// <summary>
/// Where a chain stands after a call of <see cref="IChainGrain.Advance"/>: its iteration, its kept draws from
/// <see cref="FirstDraw"/> on (numbered, so a repeated call returns the same draws again, never new ones twice), where it ran,
/// and what its checkpoint cost.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChainSegment
{
    /// <summary>The chain's number.</summary>
    [Id(0)] public int Chain { get; init; }
    /// <summary>Iterations done, warmup included.</summary>
    [Id(1)] public int Iteration { get; init; }
    /// <summary>Iterations the chain runs in all.</summary>
    [Id(2)] public int TotalIterations { get; init; }
    /// <summary>The index of the first draw in <see cref="Draws"/> (0-based, among the chain's kept draws).</summary>
    [Id(3)] public int FirstDraw { get; init; }
    /// <summary>The kept draws from <see cref="FirstDraw"/> on, [draw][parameter column] (the posterior's parameter columns).</summary>
    [Id(4)] public double[][] Draws { get; init; } = [];
    /// <summary>The silo the chain ran on (its address).</summary>
    [Id(5)] public string Silo { get; init; } = "";
    /// <summary>The iteration this activation restored the chain from (its last checkpoint), or -1 when it started the chain or had it in memory.</summary>
    [Id(6)] public int RestoredFrom { get; init; } = -1;
    /// <summary>The size of the chain's last checkpoint, in bytes.</summary>
    [Id(7)] public int CheckpointBytes { get; init; }
    /// <summary>Milliseconds this call spent sampling.</summary>
    [Id(8)] public double SampleMilliseconds { get; init; }
    /// <summary>Milliseconds this call spent writing the checkpoint to grain storage (serialization included).</summary>
    [Id(9)] public double CheckpointMilliseconds { get; init; }
    /// <summary>Milliseconds this activation spent restoring the chain from its checkpoint (0 unless <see cref="RestoredFrom"/> ≥ 0).</summary>
    [Id(10)] public double RestoreMilliseconds { get; init; }
    /// <summary>Divergent transitions so far.</summary>
    [Id(11)] public int Divergences { get; init; }
    /// <summary>The names of the draws' columns (the posterior's parameter columns).</summary>
    [Id(12)] public string[] Parameters { get; init; } = [];

    /// <summary>True when the chain ran all its iterations.</summary>
    public bool Finished => Iteration >= TotalIterations;

    /// <summary>Kept draws so far.</summary>
    public int DrawCount => FirstDraw + Draws.Length;
}

/// <summary>What a run's coordinator is asked to do each round: the model's name, the options, when to stop early, and whether to compute R̂ and ESS each round.</summary>
[GenerateSerializer, Immutable]
public sealed record RunRequest(
    [property: Id(0)] string Model,
    [property: Id(1)] HamiltonianRunSpec Spec,
    [property: Id(2)] double? TargetEss,
    [property: Id(3)] bool Diagnostics = true);

/// <summary>
/// A run after one round of <see cref="IRunCoordinatorGrain.Advance"/>: each chain's progress (without its draws), and the
/// convergence diagnostics of the draws gathered so far (every chain cut to the fewest any kept).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RoundReport
{
    /// <summary>Each chain after the round, chain 0 first (<see cref="ChainSegment.Draws"/> left empty, <see cref="ChainSegment.FirstDraw"/> = its draw count).</summary>
    [Id(0)] public ChainSegment[] Chains { get; init; } = [];
    /// <summary>The largest rank-normalized split R̂ over the parameter columns (NaN before every chain kept 4 draws, or without <see cref="RunRequest.Diagnostics"/>).</summary>
    [Id(1)] public double MaxRhat { get; init; } = double.NaN;
    /// <summary>The smallest bulk effective sample size over the parameter columns (NaN before every chain kept 4 draws).</summary>
    [Id(2)] public double MinEssBulk { get; init; } = double.NaN;
    /// <summary>True when <see cref="RunRequest.TargetEss"/> is set and <see cref="MinEssBulk"/> reached it.</summary>
    [Id(3)] public bool TargetReached { get; init; }
    /// <summary>Draws per chain the diagnostics were computed on.</summary>
    [Id(4)] public int Draws { get; init; }

    /// <summary>True when every chain ran all its iterations.</summary>
    public bool Finished => Chains.All(c => c.Finished);
}

/// <summary>Draws of one chain as the coordinator publishes them on the run's stream (<see cref="ClusterConfiguration.DrawStream"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record DrawBatch(
    [property: Id(0)] string RunId,
    [property: Id(1)] int Chain,
    [property: Id(2)] int FirstDraw,
    [property: Id(3)] string[] Parameters,
    [property: Id(4)] double[][] Draws);
