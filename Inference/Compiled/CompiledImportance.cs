using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference.Compiled;

/// <summary>
/// Likelihood weighting over a compiled particle program, as
/// <see cref="Infer.Importance{T}(Model{T}, ImportanceOptions?, IProgress{ImportanceProgress}?, CancellationToken)"/> runs
/// it on a model with a compiled twin: sample i runs the program from its start through all its scores with one
/// generator, stream i of the seed (the interpreter's stream for it), its log weight the sum of the scores. Samples run
/// in the interpreter's chunks (cancellation checked and progress reported between them), in parallel within a chunk (one generator per task, reset for each sample).
/// Fills <c>values</c> and <c>logWeights</c>; returns the number of samples run (fewer when cancelled).
/// </summary>
internal sealed class CompiledImportance<T>(ImportanceOptions options, T[] values, double[] logWeights,
    IProgress<ImportanceProgress>? progress, CancellationToken cancellationToken) : ICompiledModelVisitor<T, int>
{
    /// <inheritdoc />
    public int VisitParticleProgram<TState, TProgram>(TProgram program)
        where TState : struct
        where TProgram : struct, IParticleProgram<TState, T>
    {
        int total = options.Samples, threads = Math.Max(1, options.MaxDegreeOfParallelism);
        var rng = new Rng(0);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int offset = 0; offset < total; offset += IndependentSamples.ChunkSize)
        {
            if (cancellationToken.IsCancellationRequested) return offset;
            int count = Math.Min(IndependentSamples.ChunkSize, total - offset), size = Population<T>.RangeSize(count, threads);
            if (threads == 1 || count <= size) Run<TState, TProgram>(program, offset, offset + count, rng);
            else
            {
                int start = offset, ranges = (count + size - 1) / size;
                ParallelRun.Invoke(() => Parallel.For(0, ranges, parallel, () => new Rng(0),
                    (r, _, own) => { Run<TState, TProgram>(program, start + r * size, Math.Min(start + count, start + (r + 1) * size), own); return own; }, _ => { }));
            }
            progress?.Report(new ImportanceProgress(offset + count, total));
        }
        return total;
    }

    private void Run<TState, TProgram>(TProgram program, int from, int to, Rng rng)
        where TState : struct
        where TProgram : struct, IParticleProgram<TState, T>
    {
        int steps = program.Steps;
        ulong seed = options.Seed;
        for (int i = from; i < to; i++)
        {
            rng.Reset(seed, (ulong)i);
            TState state = default;
            program.Start(ref state);
            double logWeight = 0;
            for (int s = 0; s < steps; s++) logWeight += program.Advance(ref state, rng);
            values[i] = program.Result(ref state, rng);
            logWeights[i] = logWeight;
        }
    }
}
