namespace Probabilistic.Inference.Particles;

/// <summary>Building blocks of importance sampling with independent samples: chunked likelihood weighting and the error of its log Ẑ.</summary>
internal static class IndependentSamples
{
    /// <summary>Samples run at a time by likelihood weighting: cancellation is checked between chunks.</summary>
    internal const int ChunkSize = 4096;

    public static ImportanceOptions Checked(ImportanceOptions? options)
    {
        var o = options ?? new ImportanceOptions();
        OptionRules.AtLeast("Importance", nameof(o.Samples), o.Samples);
        OptionRules.Threads("Importance", o.MaxDegreeOfParallelism);
        return o;
    }

    /// <summary>
    /// Runs the samples in chunks (sample i from stream i of the seed), giving each finished chunk and its first
    /// sample's index to <paramref name="consume"/> in order; returns the number of samples run, fewer than asked
    /// when <paramref name="cancellationToken"/> was cancelled (checked before each chunk).
    /// </summary>
    public static int Chunks<T>(Model<T> model, ImportanceOptions o, CancellationToken cancellationToken, Action<int, Population<T>> consume)
    {
        for (int offset = 0; offset < o.Samples; offset += ChunkSize)
        {
            if (cancellationToken.IsCancellationRequested) return offset;
            var chunk = Population<T>.Spawn(model, Math.Min(ChunkSize, o.Samples - offset), o.Seed);
            chunk.StreamOffset = (ulong)offset;
            chunk.MaxDegreeOfParallelism = o.MaxDegreeOfParallelism;
            chunk.Algorithm = "Importance";
            chunk.RunToEnd();
            consume(offset, chunk);
        }
        return o.Samples;
    }
}
