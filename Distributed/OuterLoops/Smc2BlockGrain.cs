using Orleans.Placement;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.OuterLoops;

/// <summary>
/// A block of SMC²'s parameter particles with their inner filters, keyed by "run/block". The coordinator
/// (<see cref="ClusterParticleMcmc.Smc2{T}"/>) holds the weights and makes every outer decision; a block steps, resamples
/// (from its own particles, or from another block's rebuilt by lineage) and moves its particles. Its particles live in
/// memory only: a block whose silo failed has lost them, and says so.
/// </summary>
public interface ISmc2BlockGrain : IGrainWithStringKey
{
    /// <summary>θ ~ p(θ) for <paramref name="count"/> particles, in order, from the generator state <paramref name="rng"/>.</summary>
    Task<Smc2Births> DrawParameters(Smc2Request request, RngWords rng, int count);

    /// <summary>Creates the particles <paramref name="first"/>… from their birth states; answers whether all their filters finished.</summary>
    Task<bool> Start(Smc2Request request, int first, RngWords[] births);

    /// <summary>
    /// Rebuilds the particles <paramref name="first"/>… from their lineages at step <paramref name="step"/> (after the
    /// block's silo failed, or a call's answer was lost); answers whether all their filters finished.
    /// </summary>
    Task<bool> Restore(Smc2Request request, int first, Smc2LineageWords[] lineages, int step);

    /// <summary>One observation step of every inner filter: the particles' log weights after it, from <paramref name="logWeights"/> before.</summary>
    Task<Smc2BlockState> Step(double[] logWeights);

    /// <summary>The block's particles after resampling into <paramref name="slots"/> and the PMMH moves at <paramref name="step"/> (particle k's from stream k of <paramref name="moveSeed"/>).</summary>
    Task<Smc2Regenerated> Regenerate(Smc2Slot[] slots, ulong moveSeed, int step);

    /// <summary>Each particle's θ and a return value drawn from its filter with the generator state given (none for a weight-0 particle).</summary>
    Task<Smc2Draws> Finish(RngWords?[] draws);

    /// <summary>Drops the block's particles and deactivates it.</summary>
    Task Release();
}

/// <summary>The block grain (placed on the silo with the fewest activations, to spread the blocks): its particles are a <see cref="Smc2Block{T}"/> of the catalog's model.</summary>
[ActivationCountBasedPlacement]
internal sealed class Smc2BlockGrain(ModelCatalog catalog) : Grain, ISmc2BlockGrain
{
    private ISmc2Block? _block;

    public Task<Smc2Births> DrawParameters(Smc2Request request, RngWords rng, int count)
    {
        var entry = catalog.Get(request.Model);
        return Task.FromResult(ClusterModelFailureException.Guard(() => entry.Accept(new DrawVisitor(request, rng, count))));
    }

    public Task<bool> Start(Smc2Request request, int first, RngWords[] births)
    {
        var entry = catalog.Get(request.Model);
        _block = ClusterModelFailureException.Guard(() => entry.Accept(new StartVisitor(request, first, births)));
        return Task.FromResult(_block.AllFinished);
    }

    public Task<bool> Restore(Smc2Request request, int first, Smc2LineageWords[] lineages, int step)
    {
        var entry = catalog.Get(request.Model);
        _block = ClusterModelFailureException.Guard(() => entry.Accept(new RestoreVisitor(request, first, lineages, step)));
        return Task.FromResult(_block.AllFinished);
    }

    public Task<Smc2BlockState> Step(double[] logWeights)
    {
        var block = Block;
        return Task.FromResult(ClusterModelFailureException.Guard(() => block.Step(logWeights)) with { Silo = GrainContext.Address.SiloAddress?.ToString() ?? "" });
    }

    public Task<Smc2Regenerated> Regenerate(Smc2Slot[] slots, ulong moveSeed, int step)
    {
        var block = Block;
        return Task.FromResult(ClusterModelFailureException.Guard(() => block.Regenerate(slots, moveSeed, step)));
    }

    public Task<Smc2Draws> Finish(RngWords?[] draws)
    {
        var block = Block;
        return Task.FromResult(ClusterModelFailureException.Guard(() => block.Finish(draws)) with { Silo = GrainContext.Address.SiloAddress?.ToString() ?? "" });
    }

    public Task Release()
    {
        _block = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>The start of the error a block without particles answers (the coordinator restores it from the lineages).</summary>
    internal const string Empty = "Smc2 block holds no particles";

    private ISmc2Block Block => _block ?? throw new InvalidOperationException(
        $"{Empty} ({this.GetPrimaryKeyString()}): it was never started, or the silo that held them failed (an SMC² run's inner filters live in memory).");

    private static (Model<T> Model, Selection Selection, Smc2Options Options) Open<T>(Smc2Request request, string name, Model<T> model, ChoiceMap? observations)
    {
        if (observations is not null)
            throw new ArgumentException($"Smc2: the catalog's model '{name}' carries observations; a particle algorithm takes a model that observes its data itself.", nameof(request));
        var options = request.Settings.Smc2();
        return (options.Interpreted ? Compilation.CompiledModels.Interpreted(model) : model, Selection.Of(ValueCodec.DecodeAddresses(request.Parameters)), options);
    }

    private sealed class DrawVisitor(Smc2Request request, RngWords rng, int count) : IModelVisitor<Smc2Births>
    {
        public Smc2Births Visit<T>(string name, Model<T> model, ChoiceMap? observations)
        {
            var (m, selection, options) = Open(request, name, model, observations);
            var generator = Rng.FromState(rng.State);
            var births = new RngWords[count];
            var logPriors = new double[count];
            for (int i = 0; i < count; i++)
            {
                births[i] = RngWords.Of(generator.State);
                logPriors[i] = PseudoMarginal.PriorParameters(m, selection, generator, "Smc2").LogPrior;
                generator.NextULong(); // the inner filter's seed (PseudoMarginal.Filter), as Infer.Smc2 draws it
            }
            return new Smc2Births(births, logPriors, RngWords.Of(generator.State));
        }
    }

    private sealed class StartVisitor(Smc2Request request, int first, RngWords[] births) : IModelVisitor<ISmc2Block>
    {
        public ISmc2Block Visit<T>(string name, Model<T> model, ChoiceMap? observations)
        {
            var (m, selection, options) = Open(request, name, model, observations);
            return new Smc2Block<T>(m, selection, options, first, Array.ConvertAll(births, b => Smc2Particle<T>.Born(m, selection, options, Rng.FromState(b.State))));
        }
    }

    /// <summary>The particles rebuilt from their lineages (<see cref="Smc2Lineage.Replay{T}"/>).</summary>
    private sealed class RestoreVisitor(Smc2Request request, int first, Smc2LineageWords[] lineages, int step) : IModelVisitor<ISmc2Block>
    {
        public ISmc2Block Visit<T>(string name, Model<T> model, ChoiceMap? observations)
        {
            var (m, selection, options) = Open(request, name, model, observations);
            return new Smc2Block<T>(m, selection, options, first, Array.ConvertAll(lineages, l => l.Lineage.Replay(m, selection, options, step)));
        }
    }
}

/// <summary>What a block grain does with its particles, whatever the model's return type.</summary>
internal interface ISmc2Block
{
    bool AllFinished { get; }

    Smc2BlockState Step(double[] logWeights);

    Smc2Regenerated Regenerate(Smc2Slot[] slots, ulong moveSeed, int step);

    Smc2Draws Finish(RngWords?[] draws);
}

/// <summary>
/// Particles <c>first</c>… of an SMC² run: the same <see cref="Smc2Particle{T}"/> operations as <c>Infer.Smc2</c>, in the
/// same order for each particle, so the run is the single-machine one bit for bit.
/// </summary>
internal sealed class Smc2Block<T>(Model<T> model, Selection selection, Smc2Options options, int first, Smc2Particle<T>[] particles) : ISmc2Block
{
    private Smc2Particle<T>[] _particles = particles;

    public bool AllFinished => Array.TrueForAll(_particles, p => p.Filter.AllFinished);

    public Smc2BlockState Step(double[] logWeights)
    {
        if (logWeights.Length != _particles.Length)
            throw new ArgumentException($"Smc2 block at {first}: {logWeights.Length} weights for {_particles.Length} particles.", nameof(logWeights));
        var next = new double[logWeights.Length];
        for (int i = 0; i < next.Length; i++) next[i] = _particles[i].Step(options, logWeights[i]);
        return new Smc2BlockState(next, AllFinished, "");
    }

    public Smc2Regenerated Regenerate(Smc2Slot[] slots, ulong moveSeed, int step)
    {
        var old = _particles;
        var resampled = new Smc2Particle<T>[slots.Length];
        for (int j = 0; j < slots.Length; j++)
        {
            var ancestor = slots[j].Local >= 0 ? old[slots[j].Local]
                : (slots[j].Lineage ?? throw new ArgumentException($"Smc2 block at {first}: slot {j} names neither a local ancestor nor a lineage.", nameof(slots)))
                    .Lineage.Replay(model, selection, options, step);
            resampled[j] = ancestor with { Filter = ancestor.Filter.Clone(slots[j].Seed) };
        }
        var accepted = new RngWords?[slots.Length];
        for (int j = 0; j < slots.Length; j++)
        {
            var moved = resampled[j].Move(model, selection, options, step, new Rng(moveSeed, (ulong)(first + j)));
            if (!ReferenceEquals(moved.Filter, resampled[j].Filter)) accepted[j] = RngWords.Of(moved.Birth);
            resampled[j] = moved;
        }
        _particles = resampled;
        return new Smc2Regenerated(accepted, AllFinished);
    }

    public Smc2Draws Finish(RngWords?[] draws)
    {
        var parameters = new byte[_particles.Length][];
        var values = new byte[]?[_particles.Length];
        for (int i = 0; i < _particles.Length; i++)
        {
            parameters[i] = ValueCodec.Encode(_particles[i].Theta);
            if (draws[i] is { } state)
            {
                var filter = _particles[i].Filter;
                values[i] = ValueCodec.Encode(filter.Value(filter.Draw(Rng.FromState(state.State))));
            }
        }
        return new Smc2Draws(parameters, values, "");
    }
}
