namespace Probabilistic.Inference;

/// <summary>
/// Options shared by <see cref="Infer.Nuts{T}(Model{T}, ChoiceMap?, NutsOptions?, IProgress{McmcProgress}?, CancellationToken)"/>
/// and HMC, named and defaulted as CmdStan's arguments (<c>num_warmup</c>, <c>num_samples</c>, <c>thin</c>,
/// <c>adapt delta</c>, <c>init_buffer</c>, <c>term_buffer</c>, <c>window</c>, <c>metric</c>, <c>stepsize</c>, <c>init</c>).
/// </summary>
public abstract record HamiltonianOptions
{
    /// <summary>Number of chains, run in parallel; chain k uses the generator stream (Seed, k), so results do not depend on the thread count.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warmup (adaptation) iterations per chain (<c>num_warmup</c>).</summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>Kept draws per chain (<c>num_samples</c>), at least one.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>Transitions per kept draw (<c>thin</c>).</summary>
    public int Thin { get; init; } = 1;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;

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
    /// Initial values of some or all of the model's continuous choices (constrained, by address); the others start at
    /// random as without initial values (Stan's partial <c>init</c>); null for all random. An address that is not a
    /// sampled choice of the model (misspelled, or observed) is a <see cref="ModelException"/> naming it and the nearest ones.
    /// </summary>
    public ChoiceMap? InitialValues { get; init; }

    /// <summary>
    /// Start the chains from multi-path Pathfinder's draws (a different draw per chain) and, unless
    /// <see cref="PathfinderInit.InitialMetric"/> is false, start the metric from the best path's inverse-Hessian estimate
    /// (Zhang et al. 2022); null for <see cref="InitialValues"/> or random initial points.
    /// </summary>
    public PathfinderInit? Pathfinder { get; init; }

    /// <summary>At most this many chains run at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    internal void Validate(string algorithm)
    {
        static void Require(bool ok, string algorithm, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{algorithm}: {name} must be {rule}, but is {value}.");
        }
        Require(Chains > 0, algorithm, nameof(Chains), Chains, "positive");
        Require(Warmup >= 0, algorithm, nameof(Warmup), Warmup, "non-negative");
        Require(Draws > 0, algorithm, nameof(Draws), Draws, "positive");
        Require(Thin > 0, algorithm, nameof(Thin), Thin, "positive");
        Require(TargetAcceptance > 0 && TargetAcceptance < 1, algorithm, nameof(TargetAcceptance), TargetAcceptance, "in (0, 1)");
        Require(StepSize > 0 && double.IsFinite(StepSize), algorithm, nameof(StepSize), StepSize, "positive and finite");
        Require(InitBuffer >= 0, algorithm, nameof(InitBuffer), InitBuffer, "non-negative");
        Require(TermBuffer >= 0, algorithm, nameof(TermBuffer), TermBuffer, "non-negative");
        Require(Window > 0, algorithm, nameof(Window), Window, "positive");
        Require(InitRadius >= 0 && double.IsFinite(InitRadius), algorithm, nameof(InitRadius), InitRadius, "non-negative and finite");
        Require(InitAttempts > 0, algorithm, nameof(InitAttempts), InitAttempts, "positive");
        Require(MaxDegreeOfParallelism > 0, algorithm, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "positive");
        Require(LowRank is not null, algorithm, nameof(LowRank), "null", "set");
        Require(LowRank!.EigenvalueCutoff >= 1 && double.IsFinite(LowRank.EigenvalueCutoff), algorithm, $"{nameof(LowRank)}.{nameof(LowRankMetricOptions.EigenvalueCutoff)}", LowRank.EigenvalueCutoff, "at least 1 and finite");
        Require(LowRank.Regularization > 0 && double.IsFinite(LowRank.Regularization), algorithm, $"{nameof(LowRank)}.{nameof(LowRankMetricOptions.Regularization)}", LowRank.Regularization, "positive and finite");
        if (Pathfinder is not null && InitialValues is not null)
            throw new ArgumentException($"{algorithm}: both InitialValues and Pathfinder are set; give one way to initialize the chains.", nameof(Pathfinder));
        if (Pathfinder is not null && algorithm == "Gibbs")
            throw new ArgumentException("Gibbs: Pathfinder initialization needs a fixed density over the continuous choices, which Gibbs changes every sweep; remove Continuous.Pathfinder.", nameof(Pathfinder));
        if (this is NutsOptions nuts)
            Require(nuts.MaxTreeDepth > 0, algorithm, nameof(NutsOptions.MaxTreeDepth), nuts.MaxTreeDepth, "positive");
        if (this is HmcOptions hmc)
            Require(hmc.IntegrationTime > 0 && double.IsFinite(hmc.IntegrationTime), algorithm, nameof(HmcOptions.IntegrationTime), hmc.IntegrationTime, "positive and finite");
    }
}

/// <summary>Options of the No-U-Turn Sampler (Stan's <c>sample algorithm=hmc engine=nuts</c>).</summary>
public sealed record NutsOptions : HamiltonianOptions
{
    /// <summary>The maximum tree depth: a trajectory has at most 2^MaxTreeDepth − 1 leapfrog steps (<c>max_depth</c>).</summary>
    public int MaxTreeDepth { get; init; } = 10;
}

/// <summary>Options of static HMC (Stan's <c>engine=static</c>).</summary>
public sealed record HmcOptions : HamiltonianOptions
{
    /// <summary>The integration time T; a trajectory has max(1, ⌊T / ε⌋) leapfrog steps (<c>int_time</c>, default 2π).</summary>
    public double IntegrationTime { get; init; } = 2 * Math.PI;
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
