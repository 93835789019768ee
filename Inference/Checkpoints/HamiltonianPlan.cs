namespace Probabilistic.Inference;

/// <summary>
/// How an HMC or NUTS run is laid out on its target, shared by the one-shot entry points (<see cref="Infer.Nuts{T}(Model{T}, ChoiceMap?, NutsOptions?, IProgress{McmcProgress}?, CancellationToken)"/>)
/// and <see cref="HamiltonianSampler"/>: the posterior's columns, the unconstrained dimension, each chain's setup, and how
/// the chains' draws (with their final state) become the posterior.
/// </summary>
internal sealed class HamiltonianPlan(List<PosteriorColumn> columns, int dimension)
{
    public List<PosteriorColumn> Columns { get; } = columns;

    public int Dimension { get; } = dimension;

    public Func<int, ChainSetup> Setup { get; set; } = null!;

    public Func<ChainResult[], HamiltonianCheckpoint?, Posterior> Finish { get; set; } = null!;

    /// <summary>The columns' names, as a checkpoint records them.</summary>
    public string[] Parameters => Columns.Select(c => c.Name).ToArray();

    /// <summary>The chains' states now, as a checkpoint.</summary>
    public HamiltonianCheckpoint Checkpoint(HamiltonianOptions o, HamiltonianChain[] chains) =>
        new(o.Sampler, HamiltonianCheckpoint.SettingsOf(o), Dimension, Parameters, chains.Select(c => c.Capture()).ToArray());

    /// <summary>
    /// The chains' final states for the posterior <see cref="Finish"/> makes of their draws: the draws every chain kept
    /// (the posterior's) are not copied but rebuilt from that posterior when needed, so a fit holds them once; a chain
    /// that kept more (cancelled runs cut to the shortest) holds its own.
    /// </summary>
    public HamiltonianCheckpoint FinalState(HamiltonianOptions o, HamiltonianChain[] chains)
    {
        var kept = new KeptDraws(Columns.Count);
        int shortest = chains.Min(c => c.DrawCount);
        var states = chains.Select(c => c.DrawCount == shortest ? c.Capture(withDraws: false).KeptIn(kept, shortest) : c.Capture()).ToArray();
        return new(o.Sampler, HamiltonianCheckpoint.SettingsOf(o), Dimension, Parameters, states) { KeptDraws = kept };
    }

    /// <summary>A warm start (<see cref="HamiltonianOptions.WarmStart"/>) must come from this model: same dimension and columns.</summary>
    public void CheckWarmStart(HamiltonianOptions o) =>
        o.WarmStart?.CheckModel(o.Algorithm, Dimension, Parameters, nameof(HamiltonianOptions.WarmStart));
}
