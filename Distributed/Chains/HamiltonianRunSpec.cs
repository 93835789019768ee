using Probabilistic.Inference;

namespace Probabilistic.Distributed;

/// <summary>
/// The options of an HMC or NUTS run as a message: what a chain grain needs to rebuild the caller's
/// <see cref="NutsOptions"/> or <see cref="HmcOptions"/> exactly (every setting that shapes a chain's draws). Options that
/// hold code or model values (<see cref="McmcOptions.InitialValues"/>, <see cref="HamiltonianOptions.Pathfinder"/>)
/// cannot travel; a warm start travels as its checkpoint's bytes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HamiltonianRunSpec
{
    /// <summary>"NUTS" or "HMC".</summary>
    [Id(0)] public required string Sampler { get; init; }
    /// <summary><see cref="McmcOptions.Chains"/>.</summary>
    [Id(1)] public int Chains { get; init; }
    /// <summary><see cref="McmcOptions.Warmup"/>.</summary>
    [Id(2)] public int Warmup { get; init; }
    /// <summary><see cref="McmcOptions.Draws"/>.</summary>
    [Id(3)] public int Draws { get; init; }
    /// <summary><see cref="McmcOptions.Thin"/>.</summary>
    [Id(4)] public int Thin { get; init; }
    /// <summary><see cref="McmcOptions.Seed"/>.</summary>
    [Id(5)] public ulong Seed { get; init; }
    /// <summary><see cref="McmcOptions.Interpreted"/>.</summary>
    [Id(6)] public bool Interpreted { get; init; }
    /// <summary><see cref="McmcOptions.TapeGradient"/>.</summary>
    [Id(7)] public bool TapeGradient { get; init; }
    /// <summary><see cref="HamiltonianOptions.TargetAcceptance"/>.</summary>
    [Id(8)] public double TargetAcceptance { get; init; }
    /// <summary><see cref="HamiltonianOptions.Metric"/>.</summary>
    [Id(9)] public MetricKind Metric { get; init; }
    /// <summary><see cref="LowRankMetricOptions.EigenvalueCutoff"/>.</summary>
    [Id(10)] public double LowRankEigenvalueCutoff { get; init; }
    /// <summary><see cref="LowRankMetricOptions.Regularization"/>.</summary>
    [Id(11)] public double LowRankRegularization { get; init; }
    /// <summary><see cref="HamiltonianOptions.StepSize"/>.</summary>
    [Id(12)] public double StepSize { get; init; }
    /// <summary><see cref="HamiltonianOptions.Adapt"/>.</summary>
    [Id(13)] public bool Adapt { get; init; }
    /// <summary><see cref="HamiltonianOptions.InitBuffer"/>.</summary>
    [Id(14)] public int InitBuffer { get; init; }
    /// <summary><see cref="HamiltonianOptions.TermBuffer"/>.</summary>
    [Id(15)] public int TermBuffer { get; init; }
    /// <summary><see cref="HamiltonianOptions.Window"/>.</summary>
    [Id(16)] public int Window { get; init; }
    /// <summary><see cref="HamiltonianOptions.InitRadius"/>.</summary>
    [Id(17)] public double InitRadius { get; init; }
    /// <summary><see cref="HamiltonianOptions.InitAttempts"/>.</summary>
    [Id(18)] public int InitAttempts { get; init; }
    /// <summary><see cref="NutsOptions.MaxTreeDepth"/> (NUTS).</summary>
    [Id(19)] public int MaxTreeDepth { get; init; }
    /// <summary><see cref="HmcOptions.IntegrationTime"/> (HMC).</summary>
    [Id(20)] public double IntegrationTime { get; init; }
    /// <summary><see cref="HamiltonianOptions.WarmStart"/> as <see cref="HamiltonianCheckpoint.ToBytes"/>, or null.</summary>
    [Id(21)] public byte[]? WarmStart { get; init; }

    /// <summary>The spec of <paramref name="options"/>.</summary>
    /// <exception cref="NotSupportedException">The options set <see cref="McmcOptions.InitialValues"/> or <see cref="HamiltonianOptions.Pathfinder"/>, which cannot travel to a silo.</exception>
    public static HamiltonianRunSpec From(HamiltonianOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InitialValues is not null)
            throw new NotSupportedException($"{options.Algorithm} on a cluster: InitialValues is set; a choice map cannot travel to the silos (give the model its initial values in code registered in the catalog, or use WarmStart).");
        if (options.Pathfinder is not null)
            throw new NotSupportedException($"{options.Algorithm} on a cluster: Pathfinder initialization is set; it is not supported on a cluster (run Infer.Pathfinder first and pass a WarmStart, or drop it).");
        return new HamiltonianRunSpec
        {
            Sampler = options.Sampler,
            Chains = options.Chains, Warmup = options.Warmup, Draws = options.Draws, Thin = options.Thin, Seed = options.Seed,
            Interpreted = options.Interpreted, TapeGradient = options.TapeGradient,
            TargetAcceptance = options.TargetAcceptance, Metric = options.Metric,
            LowRankEigenvalueCutoff = options.LowRank.EigenvalueCutoff, LowRankRegularization = options.LowRank.Regularization,
            StepSize = options.StepSize, Adapt = options.Adapt, InitBuffer = options.InitBuffer, TermBuffer = options.TermBuffer,
            Window = options.Window, InitRadius = options.InitRadius, InitAttempts = options.InitAttempts,
            MaxTreeDepth = options is NutsOptions n ? n.MaxTreeDepth : 0,
            IntegrationTime = options is HmcOptions h ? h.IntegrationTime : 0,
            WarmStart = options.WarmStart?.ToBytes(),
        };
    }

    /// <summary>Total iterations of each chain: warmup plus draws times thinning.</summary>
    public int TotalIterations => Warmup + Draws * Thin;

    /// <summary>The options this spec describes, for a sampler holding one chain (<see cref="McmcOptions.MaxDegreeOfParallelism"/> = 1).</summary>
    public HamiltonianOptions ToOptions()
    {
        var warm = WarmStart is null ? null : HamiltonianCheckpoint.FromBytes(WarmStart);
        var lowRank = new LowRankMetricOptions { EigenvalueCutoff = LowRankEigenvalueCutoff, Regularization = LowRankRegularization };
        HamiltonianOptions o = Sampler switch
        {
            "NUTS" => new NutsOptions { MaxTreeDepth = MaxTreeDepth },
            "HMC" => new HmcOptions { IntegrationTime = IntegrationTime },
            _ => throw new ArgumentException($"Unknown sampler '{Sampler}' in a run spec (NUTS or HMC).", nameof(Sampler)),
        };
        return o with
        {
            Chains = Chains, Warmup = Warmup, Draws = Draws, Thin = Thin, Seed = Seed, Interpreted = Interpreted, TapeGradient = TapeGradient,
            TargetAcceptance = TargetAcceptance, Metric = Metric, LowRank = lowRank, StepSize = StepSize, Adapt = Adapt,
            InitBuffer = InitBuffer, TermBuffer = TermBuffer, Window = Window, InitRadius = InitRadius, InitAttempts = InitAttempts,
            WarmStart = warm, MaxDegreeOfParallelism = 1,
        };
    }

    /// <summary>Whether two specs describe the same run (the warm start compared by its bytes).</summary>
    public bool SameRun(HamiltonianRunSpec other) =>
        this with { WarmStart = null } == other with { WarmStart = null } &&
        (WarmStart ?? []).AsSpan().SequenceEqual(other.WarmStart ?? []);
}
