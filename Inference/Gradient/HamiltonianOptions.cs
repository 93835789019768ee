namespace Probabilistic.Inference;

/// <summary>
/// The tuning shared by <see cref="Infer.Nuts{T}(Model{T}, ChoiceMap?, NutsOptions?, IProgress{McmcProgress}?, CancellationToken)"/>
/// and HMC, on top of the run settings of <see cref="McmcOptions"/>, named and defaulted as CmdStan's arguments
/// (<c>adapt delta</c>, <c>init_buffer</c>, <c>term_buffer</c>, <c>window</c>, <c>metric</c>, <c>stepsize</c>, <c>init</c>).
/// </summary>
public abstract record HamiltonianOptions : McmcOptions
{
    // Only NutsOptions and HmcOptions: the kernel has a transition for each.
    private protected HamiltonianOptions() { }

    /// <summary>The mean acceptance statistic step-size adaptation aims at (Stan's <c>adapt_delta</c>), in (0, 1).</summary>
    public double TargetAcceptance { get; init; } = 0.8;

    /// <summary>The metric (mass matrix) kind.</summary>
    public MetricKind Metric { get; init; } = MetricKind.Diagonal;

    /// <summary>Settings of the <see cref="MetricKind.LowRank"/> metric's adaptation (ignored by the other kinds).</summary>
    public LowRankMetricOptions LowRank { get; init; } = new();

    /// <summary>The initial step size (Stan's <c>stepsize</c>), before warmup tunes it.</summary>
    public double StepSize { get; init; } = 1;

    /// <summary>Whether warmup adapts the step size and metric (Stan's <c>adapt engaged</c>).</summary>
    public bool Adapt { get; init; } = true;

    /// <summary>Iterations at the start of warmup that adapt only the step size (<c>init_buffer</c>).</summary>
    public int InitBuffer { get; init; } = 75;

    /// <summary>Iterations at the end of warmup that adapt only the step size (<c>term_buffer</c>).</summary>
    public int TermBuffer { get; init; } = 50;

    /// <summary>The first metric-estimation window's length; later ones double (<c>window</c>).</summary>
    public int Window { get; init; } = 25;

    /// <summary>Initial points are drawn uniformly from (−InitRadius, InitRadius) on the unconstrained space (Stan's <c>init</c> = 2).</summary>
    public double InitRadius { get; init; } = 2;

    /// <summary>Random initial points tried per chain before giving up (Stan tries 100).</summary>
    public int InitAttempts { get; init; } = 100;

    /// <summary>
    /// Start the chains from multi-path Pathfinder's draws (a different draw per chain) and, unless
    /// <see cref="PathfinderInit.InitialMetric"/> is false, start the metric from the best path's inverse-Hessian estimate
    /// (Zhang et al. 2022); null for <see cref="McmcOptions.InitialValues"/> or random initial points.
    /// </summary>
    public PathfinderInit? Pathfinder { get; init; }

    /// <summary>
    /// Warm start from a previous fit of the same model (its <see cref="Posterior.SamplerState"/>, or any
    /// <see cref="HamiltonianCheckpoint"/>): chain k starts at the position of the previous fit's chain k (mod its chain
    /// count) with that chain's metric and step size, and the metric is kept: <see cref="McmcOptions.Warmup"/> iterations
    /// (0, or a short one such as 100, is the point) tune only the step size by dual averaging. The draws use this run's
    /// <see cref="McmcOptions.Seed"/>. Like NumPyro's <c>mcmc.post_warmup_state</c>; null for a cold start.
    /// </summary>
    public HamiltonianCheckpoint? WarmStart { get; init; }

    /// <summary>The entry point these options are for ("Nuts", "Hmc"), which starts its error messages.</summary>
    internal abstract string Algorithm { get; }

    /// <summary>The posterior's sampler label ("NUTS", "HMC").</summary>
    internal abstract string Sampler { get; }

    /// <summary>The tree depth the posterior's diagnostics count against (NUTS's maximum; 10 for static HMC, which has no tree).</summary>
    internal abstract int DiagnosticTreeDepth { get; }

    /// <summary>
    /// Checks every setting once, where the entry point <paramref name="algorithm"/> starts: an out-of-range one is an
    /// <see cref="ArgumentOutOfRangeException"/> whose parameter name is the option's; <see cref="McmcOptions.InitialValues"/>
    /// with <see cref="Pathfinder"/> is an <see cref="ArgumentException"/>; Pathfinder's own options are checked here too.
    /// </summary>
    internal void Validate(string algorithm)
    {
        ValidateRun(algorithm);
        Require(TargetAcceptance > 0 && TargetAcceptance < 1, algorithm, nameof(TargetAcceptance), TargetAcceptance, "in (0, 1)");
        Require(StepSize > 0 && double.IsFinite(StepSize), algorithm, nameof(StepSize), StepSize, "positive and finite");
        Require(InitBuffer >= 0, algorithm, nameof(InitBuffer), InitBuffer, "non-negative");
        Require(TermBuffer >= 0, algorithm, nameof(TermBuffer), TermBuffer, "non-negative");
        Require(Window > 0, algorithm, nameof(Window), Window, "positive");
        Require(InitRadius >= 0 && double.IsFinite(InitRadius), algorithm, nameof(InitRadius), InitRadius, "non-negative and finite");
        Require(InitAttempts > 0, algorithm, nameof(InitAttempts), InitAttempts, "positive");
        Require(LowRank is not null, algorithm, nameof(LowRank), "null", "set");
        Require(LowRank!.EigenvalueCutoff >= 1 && double.IsFinite(LowRank.EigenvalueCutoff), algorithm, $"{nameof(LowRank)}.{nameof(LowRankMetricOptions.EigenvalueCutoff)}", LowRank.EigenvalueCutoff, "at least 1 and finite");
        Require(LowRank.Regularization > 0 && double.IsFinite(LowRank.Regularization), algorithm, $"{nameof(LowRank)}.{nameof(LowRankMetricOptions.Regularization)}", LowRank.Regularization, "positive and finite");
        ValidateTransition(algorithm);
        if (Pathfinder is not null && InitialValues is not null)
            throw new ArgumentException($"{algorithm}: both InitialValues and Pathfinder are set; give one way to initialize the chains.", nameof(Pathfinder));
        Pathfinder?.Options?.Validate();
        if (WarmStart is not null && (Pathfinder is not null || InitialValues is not null))
            throw new ArgumentException($"{algorithm}: both WarmStart and {(Pathfinder is not null ? "Pathfinder" : "InitialValues")} are set; give one way to initialize the chains.", nameof(WarmStart));
        if (WarmStart?.Settings.FirstOrDefault(s => s.Key == nameof(Metric)).Value is { } previous && previous != Metric.ToString())
            throw new ArgumentException($"{algorithm}: the warm start's metric is {previous} but Metric is {Metric}; use the previous fit's metric kind.", nameof(WarmStart));
    }

    /// <summary>Checks the transition's own settings (tree depth, integration time).</summary>
    private protected abstract void ValidateTransition(string algorithm);
}

/// <summary>Options of the No-U-Turn Sampler (Stan's <c>sample algorithm=hmc engine=nuts</c>).</summary>
public sealed record NutsOptions : HamiltonianOptions
{
    /// <summary>The maximum tree depth: a trajectory has at most 2^MaxTreeDepth − 1 leapfrog steps (<c>max_depth</c>).</summary>
    public int MaxTreeDepth { get; init; } = 10;

    internal override string Algorithm => "Nuts";

    internal override string Sampler => "NUTS";

    internal override int DiagnosticTreeDepth => MaxTreeDepth;

    private protected override void ValidateTransition(string algorithm) =>
        Require(MaxTreeDepth > 0, algorithm, nameof(MaxTreeDepth), MaxTreeDepth, "positive");
}

/// <summary>Options of static HMC (Stan's <c>engine=static</c>).</summary>
public sealed record HmcOptions : HamiltonianOptions
{
    /// <summary>The integration time T; a trajectory has max(1, ⌊T / ε⌋) leapfrog steps (<c>int_time</c>, default 2π).</summary>
    public double IntegrationTime { get; init; } = 2 * Math.PI;

    internal override string Algorithm => "Hmc";

    internal override string Sampler => "HMC";

    internal override int DiagnosticTreeDepth => 10;

    private protected override void ValidateTransition(string algorithm) =>
        Require(IntegrationTime > 0 && double.IsFinite(IntegrationTime), algorithm, nameof(IntegrationTime), IntegrationTime, "positive and finite");
}

/// <summary>Which part of a chain is running.</summary>
public enum SamplerPhase
{
    /// <summary>Warmup: adapting step size and metric; draws are discarded.</summary>
    Warmup,

    /// <summary>Sampling: draws are kept.</summary>
    Sampling,
}

/// <summary>What HMC and NUTS report as they run: per chain, the iteration done, the phase, the step size and the divergences so far.</summary>
/// <param name="Chain">The chain (0-based).</param>
/// <param name="Iteration">Iterations done in this chain, warmup included.</param>
/// <param name="Total">Iterations this chain will run.</param>
/// <param name="Phase">Warmup or sampling.</param>
/// <param name="StepSize">The step size of the last transition.</param>
/// <param name="Divergences">Divergent transitions so far in this chain (warmup included).</param>
public readonly record struct McmcProgress(int Chain, int Iteration, int Total, SamplerPhase Phase, double StepSize, int Divergences);
