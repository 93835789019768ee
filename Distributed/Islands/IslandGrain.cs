using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.Islands;

/// <summary>
/// The island grain: holds one <see cref="IslandPopulation"/> in memory between the coordinator's calls. A copy between
/// islands (island-level resampling) travels as <see cref="SmcCheckpoint"/> bytes from grain to grain, and continues as
/// the in-memory copy of a single-machine run would, bit for bit.
/// </summary>
public sealed class IslandGrain(ModelCatalog catalog) : Grain, IIslandGrain
{
    private IslandSettings? _settings;
    private IslandPopulation? _population;
    private byte[]? _snapshot;

    /// <inheritdoc />
    public Task<IslandReport> Start(IslandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _population = Reported(() => IslandPopulation.Start(catalog.Get(settings.Model), Options(settings)));
        return Task.FromResult(Report());
    }

    /// <inheritdoc />
    public Task<IslandReport> Advance()
    {
        var population = Population();
        if (!population.Finished) Reported(() => { population.Advance(); return population; });
        return Task.FromResult(Report());
    }

    /// <inheritdoc />
    public Task TakeSnapshot()
    {
        _snapshot = Population().Checkpoint();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<byte[]> GetSnapshot() =>
        Task.FromResult(_snapshot ?? throw new InvalidOperationException($"Island {this.GetPrimaryKeyString()}: no snapshot was taken."));

    /// <inheritdoc />
    public async Task<IslandReport> Adopt(string ancestor, ulong seed)
    {
        var population = Population();
        var bytes = await GrainFactory.GetGrain<IIslandGrain>(ancestor).GetSnapshot();
        _population = Reported(() => population.Adopt(bytes, seed));
        return Report();
    }

    /// <inheritdoc />
    public Task Reseed(ulong seed)
    {
        Population().Reseed(seed);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IslandSample> Result()
    {
        var population = Population();
        var (values, logWeights, logEvidence, se) = Reported(population.Result);
        return Task.FromResult(new IslandSample(values, logWeights, logEvidence, se, RuntimeIdentity));
    }

    /// <inheritdoc />
    public Task Close()
    {
        _population = null;
        _snapshot = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs <paramref name="work"/>; an exception of the library or the model (a <see cref="ModelException"/>, which Orleans
    /// has no codec for) reaches the caller as an <see cref="InvalidOperationException"/> naming the island, the silo, the
    /// exception's type and its message; the base library's exceptions travel as they are.
    /// </summary>
    private TResult Reported<TResult>(Func<TResult> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e.GetType().Assembly != typeof(object).Assembly)
        {
            throw new InvalidOperationException($"Island {this.GetPrimaryKeyString()} on {RuntimeIdentity}: {e.GetType().Name}: {e.Message}");
        }
    }

    private IslandPopulation Population() =>
        _population ?? throw new InvalidOperationException(
            $"Island {this.GetPrimaryKeyString()} holds no population (it was never started, was closed, or its silo was lost); start the run again.");

    private IslandReport Report() => new(_population!.LogEvidence, _population.Finished, _population.Step, RuntimeIdentity);

    /// <summary>The filter's options from the settings (the resampler by name).</summary>
    internal static SmcOptions Options(IslandSettings s) => new()
    {
        Particles = s.Particles,
        Seed = s.Seed,
        Resampler = new[] { Resampler.Systematic, Resampler.Multinomial, Resampler.Stratified, Resampler.Residual }.FirstOrDefault(r => r.Name == s.Resampler)
            ?? throw new ArgumentException($"ClusterIslands: no resampler is named '{s.Resampler}'.", nameof(s)),
        EssThreshold = s.EssThreshold,
        Interpreted = s.Interpreted,
        MaxDegreeOfParallelism = s.MaxDegreeOfParallelism,
    };
}
