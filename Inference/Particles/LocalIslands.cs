namespace Probabilistic.Inference.Particles;

/// <summary>
/// Islands in this process: one <see cref="SmcRun{T}"/> per island (compiled or interpreted, as <see cref="SmcSampler"/>
/// chooses), advanced in parallel (one thread each, as <see cref="SmcOptions.Islands"/> runs them; sequentially in island
/// order under scripted randomness); a copy is <see cref="SmcRun{T}.Clone"/>, which continues exactly as a checkpoint of
/// the island resumed with the new seed would (what the grains do).
/// </summary>
internal sealed class LocalIslands<T>(SmcRun<T>[] runs, int maxDegreeOfParallelism, bool sequential) : ISmcIslands<T>
{
    /// <summary>The islands of <paramref name="o"/>, island b from <see cref="IslandSmc.IslandSeeds"/>[b].</summary>
    public static LocalIslands<T> Start(Model<T> model, IslandSmcOptions o)
    {
        var island = o.Island with { MaxDegreeOfParallelism = 1 };
        var seeds = IslandSmc.IslandSeeds(o.Island.Seed, o.Islands);
        return new LocalIslands<T>([.. seeds.Select(s => SmcSampler.StartRun(model, island, s))], o.Island.MaxDegreeOfParallelism, false);
    }

    /// <summary>Interpreted islands whose particles move with <paramref name="stepper"/> (scripted randomness: advanced one after another).</summary>
    internal static LocalIslands<T> Start(Model<T> model, IslandSmcOptions o, Stepper stepper) =>
        new([.. IslandSmc.IslandSeeds(o.Island.Seed, o.Islands).Select(s => (SmcRun<T>)InterpretedSmcRun<T>.Start(model, o.Island with { MaxDegreeOfParallelism = 1 }, s, stepper))],
            1, stepper.Randomness is not null);

    public int Count => runs.Length;

    public Task<IslandStatus[]> AdvanceAsync(CancellationToken cancellationToken)
    {
        void AdvanceOne(int b)
        {
            if (!runs[b].Finished) runs[b].Advance(null);
        }
        if (sequential) for (int b = 0; b < runs.Length; b++) AdvanceOne(b);
        else Parallel.For(0, runs.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken }, AdvanceOne);
        return Task.FromResult(runs.Select(r => new IslandStatus(r.LogEvidence, r.Finished)).ToArray());
    }

    public Task CopyAsync(int[] ancestors, ulong[] seeds, CancellationToken cancellationToken)
    {
        var copies = new SmcRun<T>[runs.Length];
        for (int b = 0; b < runs.Length; b++)
            if (ancestors[b] != b) copies[b] = runs[ancestors[b]].Clone(seeds[b]);
        for (int b = 0; b < runs.Length; b++)
        {
            if (ancestors[b] == b) runs[b].Reseed(seeds[b]);
            else runs[b] = copies[b];
        }
        return Task.CompletedTask;
    }

    public Task<WeightedSample<T>[]> ResultsAsync(CancellationToken cancellationToken) => Task.FromResult(runs.Select(r => r.Result()).ToArray());
}
