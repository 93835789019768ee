using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.Islands;

/// <summary>
/// <see cref="ISmcIslands{T}"/> over island grains: a step is one <see cref="IIslandGrain.Advance"/> per island, all in
/// parallel; a copy is two phases — every ancestor takes a snapshot, then each island adopts its ancestor's (grain to
/// grain) or reseeds itself — so an island that is both copied and replaced is copied as it stood.
/// </summary>
internal sealed class GrainIslands(IClusterClient client, string model, IslandSmcOptions options, TimeSpan timeout) : ISmcIslands<double>
{
    private readonly string _run = Guid.NewGuid().ToString("N");
    private readonly string[] _silos = new string[options.Islands];

    public int Count => options.Islands;

    public IReadOnlyList<string> Silos => _silos;

    private string Key(int b) => $"{_run}/{b}";

    private IIslandGrain Grain(int b) => client.GetGrain<IIslandGrain>(Key(b));

    private Task<TResult> Call<TResult>(Task<TResult> call, CancellationToken cancellationToken) => call.WaitAsync(timeout, cancellationToken);

    private Task Call(Task call, CancellationToken cancellationToken) => call.WaitAsync(timeout, cancellationToken);

    public async Task Start(CancellationToken cancellationToken)
    {
        var o = options.Validated().Island;
        var seeds = IslandSmc.IslandSeeds(o.Seed, options.Islands);
        var reports = await Task.WhenAll(Enumerable.Range(0, Count).Select(b => Call(Grain(b).Start(
            new IslandSettings(model, o.Particles, seeds[b], o.Resampler.Name, o.EssThreshold, o.Interpreted, o.MaxDegreeOfParallelism)), cancellationToken))).ConfigureAwait(false);
        Note(reports);
    }

    public async Task<IslandStatus[]> AdvanceAsync(CancellationToken cancellationToken)
    {
        var reports = await Task.WhenAll(Enumerable.Range(0, Count).Select(b => Call(Grain(b).Advance(), cancellationToken))).ConfigureAwait(false);
        Note(reports);
        return [.. reports.Select(r => new IslandStatus(r.LogEvidence, r.Finished))];
    }

    public async Task CopyAsync(int[] ancestors, ulong[] seeds, CancellationToken cancellationToken)
    {
        var copied = Enumerable.Range(0, Count).Where(a => ancestors.Where((x, b) => x == a && b != a).Any()).ToArray();
        await Task.WhenAll(copied.Select(a => Call(Grain(a).TakeSnapshot(), cancellationToken))).ConfigureAwait(false);
        await Task.WhenAll(Enumerable.Range(0, Count).Select(b => ancestors[b] == b
            ? Call(Grain(b).Reseed(seeds[b]), cancellationToken)
            : Call(Grain(b).Adopt(Key(ancestors[b]), seeds[b]), cancellationToken))).ConfigureAwait(false);
    }

    public async Task<WeightedSample<double>[]> ResultsAsync(CancellationToken cancellationToken)
    {
        var samples = await Task.WhenAll(Enumerable.Range(0, Count).Select(b => Call(Grain(b).Result(), cancellationToken))).ConfigureAwait(false);
        for (int b = 0; b < Count; b++) _silos[b] = samples[b].Silo;
        return [.. samples.Select(s => new WeightedSample<double>(s.Values, s.LogWeights, s.LogEvidence, s.LogEvidenceStandardError))];
    }

    /// <summary>Closes every island (best effort, bounded by the timeout): the grains drop their populations.</summary>
    public async Task Close()
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Count).Select(b => Grain(b).Close())).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // The run's outcome (or its own error) is what the caller needs; a grain not closed deactivates when idle.
        }
    }

    private void Note(IslandReport[] reports)
    {
        for (int b = 0; b < reports.Length; b++) _silos[b] = reports[b].Silo;
    }
}
