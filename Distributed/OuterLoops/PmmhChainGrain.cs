using Orleans.Placement;
using Probabilistic.Inference;

namespace Probabilistic.Distributed.OuterLoops;

/// <summary>One PMMH chain on a cluster, keyed by "run/chain": it samples in segments and checkpoints after each.</summary>
public interface IPmmhChainGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs transitions (<paramref name="from"/>, <paramref name="to"/>] of the chain <paramref name="request"/> describes,
    /// continuing from its state in memory, else from its stored checkpoint at <paramref name="from"/> (or from the start
    /// when <paramref name="from"/> is 0), and stores the checkpoint at <paramref name="to"/> before answering.
    /// </summary>
    Task<PmmhSegment> Run(PmmhChainRequest request, int from, int to);

    /// <summary>Clears the chain's stored checkpoints and deactivates it (after its run finished).</summary>
    Task Forget();
}

/// <summary>
/// The chain grain (placed on the silo with the fewest activations, to spread the chains): a <see cref="PmmhSampler{T}"/> of the catalog's model, kept in memory between segments; its
/// checkpoints (<see cref="PmmhChainCheckpoints"/>) go to the grain storage <see cref="ClusterConfiguration.CheckpointStorage"/>,
/// so after its silo fails the chain is reactivated elsewhere and continues from the last one, bit for bit.
/// </summary>
[ActivationCountBasedPlacement]
internal sealed class PmmhChainGrain(
    ModelCatalog catalog,
    [PersistentState("pmmh", ClusterConfiguration.CheckpointStorage)] IPersistentState<PmmhChainCheckpoints> checkpoints) : Grain, IPmmhChainGrain
{
    private readonly IPersistentState<PmmhChainCheckpoints> _stored = checkpoints;
    private object? _sampler;
    private PmmhChainRequest? _samplerOf;

    public async Task<PmmhSegment> Run(PmmhChainRequest request, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (from < 0 || to <= from)
            throw new ArgumentOutOfRangeException(nameof(to), $"Pmmh chain {this.GetPrimaryKeyString()}: a segment needs 0 ≤ from < to, not ({from}, {to}].");
        var entry = catalog.Get(request.Model);
        var run = ClusterModelFailureException.Guard(() => entry.Accept(new SegmentVisitor(this, request, from, to)));
        _stored.State.Model = request.Model;
        _stored.State.Seed = request.Settings.Seed;
        _stored.State.Start = run.Start;
        _stored.State.End = run.End;
        await _stored.WriteStateAsync();
        return run.Segment;
    }

    public async Task Forget()
    {
        _sampler = null;
        await _stored.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>Whether the sampler in memory is the chain <paramref name="request"/> names (same model, selection and settings).</summary>
    private bool Holds(PmmhChainRequest request) =>
        _samplerOf is { } of && of.Model == request.Model && of.Settings == request.Settings && of.Parameters.AsSpan().SequenceEqual(request.Parameters);

    private PmmhChainPoint? StoredAt(PmmhChainRequest request, int iteration)
    {
        var s = _stored.State;
        if (s.Model is null || s.Model != request.Model || s.Seed != request.Settings.Seed) return null;
        return s.End?.Iteration == iteration ? s.End : s.Start?.Iteration == iteration ? s.Start : null;
    }

    private sealed class SegmentVisitor(PmmhChainGrain grain, PmmhChainRequest request, int from, int to)
        : IModelVisitor<(PmmhSegment Segment, PmmhChainPoint Start, PmmhChainPoint End)>
    {
        public (PmmhSegment, PmmhChainPoint, PmmhChainPoint) Visit<T>(string name, Model<T> model, ChoiceMap? observations)
        {
            if (observations is not null)
                throw new ArgumentException($"Pmmh: the catalog's model '{name}' carries observations; a particle algorithm takes a model that observes its data itself.", nameof(request));
            var options = request.Settings.Pmmh();
            var selection = Selection.Of(ValueCodec.DecodeAddresses(request.Parameters));
            var run = options.Interpreted ? Compilation.CompiledModels.Interpreted(model) : model;
            // A sampler in memory at `from`, of this request, is the chain's state there whatever the storage holds: the grain's
            // key fixes the run and chain (so the model, selection and settings), and a chain is a function of them, so it is
            // the checkpoint at `from` bit for bit. Storage is not consulted: a stale activation (on a silo declared dead that still ran) may have
            // written an older checkpoint over this one's, and that must not fail the live chain.
            var sampler = grain._sampler is PmmhSampler<T> kept && kept.Iteration == from && grain.Holds(request) ? kept : Load(run, selection, options, name);
            var start = PmmhChainPoint.Of(sampler.Checkpoint);
            grain._sampler = null;
            var states = sampler.Run(to - from, null, CancellationToken.None);
            (grain._sampler, grain._samplerOf) = (sampler, request);
            var segment = new PmmhSegment(from, sampler.Iteration, states.ConvertAll(s => ValueCodec.Encode(s.Theta)).ToArray(),
                states.ConvertAll(s => ValueCodec.Encode(s.Value)).ToArray(), states.ConvertAll(s => s.LogZ).ToArray(), sampler.Accepted,
                grain.GrainContext.Address.SiloAddress?.ToString() ?? "");
            return (segment, start, PmmhChainPoint.Of(sampler.Checkpoint));
        }

        private PmmhSampler<T> Load<T>(Model<T> model, Selection selection, PmmhOptions options, string name)
        {
            if (from == 0) return PmmhSampler<T>.StartPrior(model, selection, options, CancellationToken.None);
            var point = grain.StoredAt(request, from)
                ?? throw new InvalidOperationException(
                    $"Pmmh chain {grain.GetPrimaryKeyString()} of model '{name}' has no checkpoint at iteration {from} " +
                    $"(stored: {grain._stored.State.Start?.Iteration.ToString() ?? "none"} and {grain._stored.State.End?.Iteration.ToString() ?? "none"}).");
            return PmmhSampler<T>.Resume(model, selection, options, point.Checkpoint, CancellationToken.None);
        }
    }
}
