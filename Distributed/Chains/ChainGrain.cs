using System.Diagnostics;
using Probabilistic.Inference;

namespace Probabilistic.Distributed;

/// <summary>
/// A chain of an HMC or NUTS run (<see cref="IChainGrain"/>): the model comes from the silo's <see cref="ModelCatalog"/> by
/// name; the chain is <see cref="HamiltonianSampler.StartChain{T}(Model{T}, ChoiceMap?, HamiltonianOptions?, int)"/>'s, so it
/// draws exactly what chain k of <c>Infer.Nuts</c> draws; after each segment its checkpoint (state and kept draws) is written
/// to grain storage, and an activation restores from it (<see cref="HamiltonianSampler.ResumeChain{T}(Model{T}, ChoiceMap?, HamiltonianCheckpoint, HamiltonianOptions?)"/>).
/// </summary>
internal sealed class ChainGrain(
    ModelCatalog catalog,
    [PersistentState("chain", ClusterConfiguration.CheckpointStorage)] IPersistentState<ChainGrainState> storage) : Grain, IChainGrain
{
    private HamiltonianSampler? _sampler;
    private int _restoredFrom = -1;
    private double _restoreMilliseconds;
    private int _checkpointBytes;

    public async Task<ChainSegment> Advance(ChainAssignment assignment, int toIteration, int fromDraw, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromDraw);
        var sampler = Sampler(assignment);
        int restoredFrom = _restoredFrom;
        double restoreMs = _restoreMilliseconds;
        _restoredFrom = -1; // reported once, by the call that restored
        _restoreMilliseconds = 0;
        int steps = Math.Max(0, Math.Min(toIteration, sampler.TotalIterations) - sampler.Iteration);
        double sampleMs = 0, checkpointMs = 0;
        if (steps > 0)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                // Off the grain's scheduler: a segment is seconds of CPU work, not a turn to hold the activation's thread with.
                await Task.Run(() => sampler.Run(steps, null, cancellationToken), CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                int failedAt = sampler.Iteration + 1;
                _sampler = null; // faulted: the next call restores the last checkpoint
                throw new ChainFailedException(assignment.Model, assignment.Chain, failedAt, e);
            }
            sampleMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await Save(sampler);
            checkpointMs = clock.Elapsed.TotalMilliseconds;
            cancellationToken.ThrowIfCancellationRequested(); // stopped early, but checkpointed where it stopped
        }
        var checkpoint = sampler.Checkpoint();
        var state = checkpoint.Chains[0];
        var draws = state.Draws;
        int first = Math.Min(fromDraw, draws.Length);
        return new ChainSegment
        {
            Chain = assignment.Chain,
            Iteration = state.Iteration,
            TotalIterations = sampler.TotalIterations,
            FirstDraw = first,
            Draws = draws[first..],
            Silo = RuntimeIdentity,
            RestoredFrom = restoredFrom,
            CheckpointBytes = _checkpointBytes,
            SampleMilliseconds = sampleMs,
            CheckpointMilliseconds = checkpointMs,
            RestoreMilliseconds = restoreMs,
            Divergences = state.Divergences,
            Parameters = [.. checkpoint.Parameters],
        };
    }

    public Task<byte[]> Checkpoint(ChainAssignment assignment) => Task.FromResult(Sampler(assignment).Checkpoint().ToBytes());

    private string Key => this.GetPrimaryKeyString();

    // The live sampler, or the chain restored from its last checkpoint, or started (the first call of the run).
    private HamiltonianSampler Sampler(ChainAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (storage.State.Assignment is { } known && (known.Model != assignment.Model || known.Chain != assignment.Chain || !known.Spec.SameRun(assignment.Spec)))
            throw new ArgumentException($"Chain grain '{Key}' already runs model '{known.Model}', chain {known.Chain} with other options; use a new run id for a new run.", nameof(assignment));
        if (_sampler is not null) return _sampler;
        var entry = catalog.Get(assignment.Model);
        var options = assignment.Spec.ToOptions();
        try
        {
            if (storage.State.Checkpoint is { } bytes)
            {
                var clock = Stopwatch.StartNew();
                _sampler = entry.Accept(new Resumer(HamiltonianCheckpoint.FromBytes(bytes), options));
                _restoreMilliseconds = clock.Elapsed.TotalMilliseconds;
                _restoredFrom = storage.State.Iteration;
                _checkpointBytes = bytes.Length;
            }
            else
            {
                _sampler = entry.Accept(new Starter(options, assignment.Chain));
                storage.State.Assignment = assignment;
            }
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            // The model threw while the chain was set up (its discovery run or initialization), or its checkpoint is unreadable.
            throw new ChainFailedException(assignment.Model, assignment.Chain, storage.State.Iteration, e);
        }
        return _sampler;
    }

    private async Task Save(HamiltonianSampler sampler)
    {
        var bytes = sampler.Checkpoint().ToBytes();
        var previous = (storage.State.Checkpoint, storage.State.Iteration);
        storage.State.Checkpoint = bytes;
        storage.State.Iteration = sampler.Iteration;
        try
        {
            await storage.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Not written: forget the sampler too, so that no later call reports progress the storage does not hold.
            (storage.State.Checkpoint, storage.State.Iteration) = previous;
            _sampler = null;
            // Another activation wrote first: this one's view is stale; a new activation reads the record afresh.
            if (e is Orleans.Storage.InconsistentStateException) DeactivateOnIdle();
            throw new CheckpointStorageException(Key, "write", e);
        }
        _checkpointBytes = bytes.Length;
    }

    private sealed class Starter(HamiltonianOptions options, int chain) : IModelVisitor<HamiltonianSampler>
    {
        public HamiltonianSampler Visit<T>(string name, Model<T> model, ChoiceMap? observations) =>
            HamiltonianSampler.StartChain(model, observations, options, chain);
    }

    private sealed class Resumer(HamiltonianCheckpoint checkpoint, HamiltonianOptions options) : IModelVisitor<HamiltonianSampler>
    {
        public HamiltonianSampler Visit<T>(string name, Model<T> model, ChoiceMap? observations) =>
            HamiltonianSampler.ResumeChain(model, observations, checkpoint, options);
    }
}
