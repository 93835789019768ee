namespace Probabilistic.Inference;

/// <summary>
/// The complete state of one HMC or NUTS chain after some iterations: enough to continue it exactly as if it had
/// never stopped. It holds the position with its log density and gradient, the step size, the dual-averaging state,
/// the metric and the running sums of the current metric window (Welford's for Stan's metrics; the window's draws and
/// gradients for the Fisher metrics), the warmup schedule's position, the generators' states, and the draws kept so far.
/// Part of a <see cref="HamiltonianCheckpoint"/>; built by the sampler, never by hand. The state of a finished fit
/// (<see cref="Posterior.SamplerState"/>) does not hold its draws twice: they are rebuilt from the posterior's columns
/// when a continuation or <see cref="HamiltonianCheckpoint.ToBytes"/> needs them.
/// </summary>
public sealed class ChainState
{
    internal ChainState() { }

    /// <summary>The chain's number (0-based); its generator stream is (seed, chain).</summary>
    public int Chain { get; internal init; }

    /// <summary>Transitions done, warmup included.</summary>
    public int Iteration { get; internal init; }

    /// <summary>Divergent transitions so far (warmup included).</summary>
    public int Divergences { get; internal init; }

    /// <summary>The step size the next transition uses.</summary>
    public double StepSize { get; internal init; }

    /// <summary>The position on the unconstrained space.</summary>
    public IReadOnlyList<double> Position => Array.AsReadOnly(Q);

    /// <summary>The diagonal of the inverse metric M⁻¹ (the squared scale for the Fisher metrics; the diagonal of the dense matrix is in <see cref="HamiltonianCheckpoint"/>'s binary form).</summary>
    public IReadOnlyList<double> InverseMetricDiagonal => Array.AsReadOnly(InverseDiagonal);

    /// <summary>Draws kept so far.</summary>
    public int DrawCount { get; private set; }

    /// <summary>A description for debugging: the chain, its iteration, step size and draws kept.</summary>
    public override string ToString() => $"ChainState {{ Chain = {Chain}, Iteration = {Iteration}, StepSize = {StepSize}, DrawCount = {DrawCount} }}";

    internal double[] Q { get; init; } = [];
    internal double LogDensity { get; init; }
    internal double[] Gradient { get; init; } = [];
    internal double[] InverseDiagonal { get; init; } = [];
    internal double[]? InverseDense { get; init; }
    internal double[]? LowRankScale { get; init; }
    internal double[][]? LowRankVectors { get; init; }
    internal double[]? LowRankValues { get; init; }
    internal bool MetricFixed { get; init; }
    internal double DualMu { get; init; }
    internal double DualCounter { get; init; }
    internal double DualSBar { get; init; }
    internal double DualXBar { get; init; }
    internal int WindowSize { get; init; }
    internal int NextWindow { get; init; }
    internal int WindowCounter { get; init; }
    internal int WelfordCount { get; init; }
    internal double[]? WelfordMean { get; init; }
    internal double[]? WelfordM2 { get; init; }
    internal double[]? WelfordM2Dense { get; init; }
    internal double[][]? FisherDraws { get; init; }
    internal double[][]? FisherGradients { get; init; }
    internal RngState Rng { get; init; }
    internal RngState? DrawRng { get; init; }

    private double[][]? _draws = [];
    private DrawStatistics[]? _statistics = [];
    private KeptDraws? _kept;

    /// <summary>The draws kept so far [draw][column], held, or rebuilt from the posterior that holds them (<see cref="KeptIn"/>).</summary>
    internal double[][] Draws
    {
        get => _draws ?? Kept().Draws(Chain, DrawCount);
        init
        {
            _draws = value;
            DrawCount = value.Length;
        }
    }

    /// <summary>The statistics of the kept draws, held or rebuilt as <see cref="Draws"/>.</summary>
    internal DrawStatistics[] Statistics
    {
        get => _statistics ?? Kept().Statistics(Chain, DrawCount);
        init => _statistics = value;
    }

    /// <summary>True when the draws are held here, not rebuilt from a posterior.</summary>
    internal bool HoldsDraws => _draws is not null;

    /// <summary>
    /// A state whose <paramref name="drawCount"/> kept draws are not copied: <paramref name="kept"/> rebuilds them from
    /// the posterior made of them (the posterior's columns are the same values, so the rebuilt draws are bit-identical).
    /// </summary>
    internal ChainState KeptIn(KeptDraws kept, int drawCount)
    {
        _draws = null;
        _statistics = null;
        _kept = kept;
        DrawCount = drawCount;
        return this;
    }

    private KeptDraws Kept() => _kept ?? throw new System.Diagnostics.UnreachableException("ChainState: neither draws nor a posterior holding them.");
}

/// <summary>
/// Where the kept draws of a finished fit's <see cref="HamiltonianCheckpoint"/> live: the latest <see cref="Posterior"/>
/// given it as <see cref="Posterior.SamplerState"/> (whose first columns are the chains' columns), so that a fit holds
/// its draws once, in the posterior.
/// </summary>
internal sealed class KeptDraws(int columns)
{
    private Posterior? _posterior;

    public void HeldBy(Posterior posterior)
    {
        if (posterior.Columns.Count >= columns) _posterior = posterior;
    }

    public double[][] Draws(int chain, int count) => Holder(count).KeptRows(chain, columns);

    public DrawStatistics[] Statistics(int chain, int count) => Holder(count).KeptStatistics(chain);

    private Posterior Holder(int count) =>
        _posterior is { } p && p.Draws == count
            ? p
            : throw new InvalidOperationException($"{nameof(HamiltonianCheckpoint)}: the draws of this sampler state are no longer held by its posterior.");
}
