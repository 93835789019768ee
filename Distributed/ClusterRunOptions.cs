namespace Probabilistic.Distributed;

/// <summary>How <see cref="Cluster"/> runs chains on a cluster (the sampler's own options stay in <see cref="Inference.NutsOptions"/>).</summary>
public sealed record ClusterRunOptions
{
    /// <summary>Iterations each chain grain runs per call, between checkpoints (200: a call of well under a second for small models, far below Orleans' 30 s response timeout).</summary>
    public int SegmentIterations { get; init; } = 200;

    /// <summary>Stop early once every parameter's bulk ESS reaches this (after the warmup); null runs all the draws.</summary>
    public double? TargetEss { get; init; }

    /// <summary>Whether the coordinator computes R̂ and bulk ESS of every parameter each round (true; on all the draws so far,
    /// so its cost grows with them: eight schools with 8 × 1,000 draws, tens of ms per round). <see cref="TargetEss"/> needs it.</summary>
    public bool Diagnostics { get; init; } = true;

    /// <summary>The run's id (the coordinator's key; chain k's grain is "id/k"). Null: a new one. Giving the id of a run
    /// whose client stopped continues it from its chains' checkpoints.</summary>
    public string? RunId { get; init; }

    /// <summary>How long one round (a segment of every chain) may take before it is abandoned and retried.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a round is repeated after the cluster failed to answer it (a silo died, a call timed out).</summary>
    public int Retries { get; init; } = 5;

    /// <summary>The pause before a round is repeated (the cluster needs a moment to notice a dead silo).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (SegmentIterations <= 0) throw new ArgumentOutOfRangeException(nameof(SegmentIterations), SegmentIterations, "Cluster: SegmentIterations must be positive.");
        if (TargetEss is { } t && !(t > 0)) throw new ArgumentOutOfRangeException(nameof(TargetEss), t, "Cluster: TargetEss must be positive.");
        if (TargetEss is not null && !Diagnostics) throw new ArgumentException("Cluster: TargetEss needs Diagnostics (the coordinator's ESS each round).", nameof(Diagnostics));
        if (RoundTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RoundTimeout), RoundTimeout, "Cluster: RoundTimeout must be positive.");
        if (Retries < 0) throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "Cluster: Retries must not be negative.");
        if (RetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "Cluster: RetryDelay must not be negative.");
        if (RunId is { } id && (string.IsNullOrWhiteSpace(id) || id.Contains('/')))
            throw new ArgumentException($"Cluster: RunId '{id}' must be non-empty and hold no '/'.", nameof(RunId));
    }
}

/// <summary>A run's progress after a round, as <see cref="Cluster"/> reports it: the coordinator's report and the run's id.</summary>
public sealed record ClusterProgress(string RunId, int Iteration, RoundReport Report);
