namespace Probabilistic.Inference;

/// <summary>
/// The complete state of one HMC or NUTS chain after some iterations: enough to continue it exactly as if it had
/// never stopped. It holds the position with its log density and gradient, the step size, the dual-averaging state,
/// the metric and the running sums of the current metric window (Welford's for Stan's metrics; the window's draws and
/// gradients for the Fisher metrics), the warmup schedule's position, the generators' states, and the draws kept so far.
/// Part of a <see cref="HamiltonianCheckpoint"/>; built by the sampler, never by hand.
/// </summary>
public sealed record ChainState
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
    public int DrawCount => Draws.Length;

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
    internal double[][] Draws { get; init; } = [];
    internal DrawStatistics[] Statistics { get; init; } = [];
}
