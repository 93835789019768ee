using System.Buffers;
using System.Runtime.CompilerServices;
using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference.Compiled;

/// <summary>
/// Weighted particles of a compiled particle program (<see cref="IParticleProgram{TState, TResult}"/>): the particles'
/// states in a <typeparamref name="TState"/> array, their log weights and time-0 ancestors (Eves) in arrays, every buffer
/// allocated once, so that advancing and resampling allocate nothing. Resampling copies the ancestors' structs into the
/// second buffer and swaps the two. The scratch buffers (both state buffers, the Eves, the resampling weights and
/// ancestors) are rented from <see cref="ArrayPool{T}.Shared"/> and returned by <see cref="Dispose"/>, so that a run after
/// the first allocates only its result (the log weights, which the result keeps): at 10,000 particles and more the state
/// buffers are large-object-heap arrays, whose allocation per run would otherwise bring a gen-2 collection every run or two.
/// </summary>
/// <remarks>
/// Randomness is <see cref="Population{T}"/>'s, so that the compiled and the interpreted filters give identical
/// populations for a seed: particle i's draws in step k = 0, 1, … come from stream k·(N+1) + i of the seed (the
/// generator reset for each particle-step), and the resampling after step k from stream (k+1)·(N+1) + N; the work is
/// split into the interpreter's ranges over threads, and the result does not depend on how.
/// </remarks>
internal sealed partial class CompiledPopulation<TState, TProgram, T> : IDisposable
    where TState : struct
    where TProgram : struct, IParticleProgram<TState, T>
{
    private readonly TProgram _program;
    private readonly ulong _seed;
    private readonly int _rangeSize;
    private readonly Rng[] _rangeRngs;
    private readonly Rng _resamplingRng = new(0);
    private readonly Action? _advanceInParallel;
    private TState[] _states;
    private TState[] _spareStates;
    private int[] _eves;
    private int[] _spareEves;
    private readonly double[] _logWeights;
    private double[] _weights;
    private int[] _ancestors;
    private bool _disposed;
    private ulong _stepStream;

    /// <summary><paramref name="count"/> particles at the program's start, weight 1 each.</summary>
    public CompiledPopulation(TProgram program, int count, ulong seed, int maxDegreeOfParallelism)
    {
        _program = program;
        _seed = seed;
        // Rented buffers may be longer than count: every loop and span below stops at Count.
        _states = ArrayPool<TState>.Shared.Rent(count);
        _spareStates = ArrayPool<TState>.Shared.Rent(count);
        _eves = ArrayPool<int>.Shared.Rent(count);
        _spareEves = ArrayPool<int>.Shared.Rent(count);
        _logWeights = new double[count];
        _weights = ArrayPool<double>.Shared.Rent(count);
        _ancestors = ArrayPool<int>.Shared.Rent(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                _states[i] = default;
                program.Start(ref _states[i]);
                _eves[i] = i;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        int threads = Math.Max(1, maxDegreeOfParallelism);
        _rangeSize = Population<T>.RangeSize(count, threads);
        int ranges = threads == 1 || count <= _rangeSize ? 1 : (count + _rangeSize - 1) / _rangeSize;
        if (ranges == 1) _rangeSize = count;
        _rangeRngs = new Rng[ranges];
        for (int r = 0; r < ranges; r++) _rangeRngs[r] = new Rng(0);
        if (ranges > 1)
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Action<int> advanceRange = r => AdvanceRange(r * _rangeSize, Math.Min(Count, (r + 1) * _rangeSize), _rangeRngs[r]);
            _advanceInParallel = () => Parallel.For(0, ranges, parallel, advanceRange);
        }
    }

    /// <summary>Number of particles.</summary>
    public int Count => _logWeights.Length;

    /// <summary>Steps taken (<see cref="Advance"/> and <see cref="Finish"/> calls).</summary>
    public int Step { get; private set; }

    /// <summary>Number of resamplings.</summary>
    public int Resamplings { get; private set; }

    /// <summary>Number of resamplings with a scheme other than multinomial.</summary>
    public int OtherResamplings { get; private set; }

    /// <summary>The log evidence pushed out of the weights by resampling so far.</summary>
    public double PushedLogEvidence { get; private set; }

    /// <summary>Kish's ESS of the weights just before the last resampling (NaN when never resampled).</summary>
    public double EffectiveSampleSizeBeforeResampling { get; private set; } = double.NaN;

    /// <summary>The particles' log weights.</summary>
    public double[] LogWeights => _logWeights;

    /// <summary>Each particle's time-0 ancestor.</summary>
    public ReadOnlySpan<int> Eves => _eves.AsSpan(0, Count);

    /// <summary>The current estimate log Ẑ = pushed evidence + log-mean-exp of the weights.</summary>
    public double LogEvidence => PushedLogEvidence + LogWeightStatistics.LogMeanExp(_logWeights);

    /// <summary>Kish's effective sample size of the current weights.</summary>
    public double EffectiveSampleSize => LogWeightStatistics.EffectiveSampleSize(_logWeights);

    /// <summary>True when every particle has weight 0.</summary>
    public bool AllImpossibleNow => double.IsNegativeInfinity(LogWeightStatistics.Max(_logWeights));

    /// <summary>Advances every particle through its next score, adding the score to its log weight.</summary>
    public void Advance()
    {
        _stepStream = (ulong)Step * ((ulong)Count + 1);
        if (_advanceInParallel is null) AdvanceRange(0, Count, _rangeRngs[0]);
        else ParallelRun.Invoke(_advanceInParallel);
        Step++;
    }

    private void AdvanceRange(int from, int to, Rng rng)
    {
        var program = _program;
        var states = _states;
        var logWeights = _logWeights;
        ulong seed = _seed, stream = _stepStream;
        for (int i = from; i < to; i++)
        {
            rng.Reset(seed, stream + (ulong)i);
            logWeights[i] += program.Advance(ref states[i], rng);
        }
    }

    /// <summary>
    /// Runs every particle to the end of the program (nothing is drawn or scored after the last score) and writes the
    /// return values into <paramref name="values"/>: the step in which the interpreter's particles finish, so particle i's
    /// choices made after its last score (a Fold of no steps after a draw) come from stream Step·(N+1) + i, as there.
    /// </summary>
    public void Finish(Span<T> values)
    {
        var program = _program;
        var rng = _rangeRngs[0];
        ulong seed = _seed, stream = (ulong)Step * ((ulong)Count + 1);
        for (int i = 0; i < values.Length; i++)
        {
            rng.Reset(seed, stream + (ulong)i);
            values[i] = program.Result(ref _states[i], rng);
        }
        Step++;
    }

    /// <summary>
    /// Resamples as <see cref="Population{T}.Resample"/> does, given the current weights' ESS and log-mean-exp
    /// (<see cref="LogWeightStatistics.EffectiveSampleSize(ReadOnlySpan{double}, out double)"/>): the ESS noted, the
    /// evidence pushed, the ancestors drawn by <paramref name="resampler"/> from weights exp(wᵢ − log-mean-exp) and stream
    /// s·(N+1) + N (s the steps taken, this one counted), the ancestors' states and Eves copied into the spare buffers
    /// (then swapped), the weights set to 1.
    /// </summary>
    public void Resample(Resampler resampler, double effectiveSampleSize, double logMeanExp)
    {
        EffectiveSampleSizeBeforeResampling = effectiveSampleSize;
        int n = Count;
        // Population<T>.PushEvidence subtracts the log-mean-exp from each weight and Resample exponentiates the result;
        // the weights are cleared afterwards, so only the exponentials are kept here.
        var (logWeights, weights) = (_logWeights, _weights);
        for (int i = 0; i < n; i++) weights[i] = Math.Exp(logWeights[i] - logMeanExp);
        PushedLogEvidence += logMeanExp;
        // Population<T>.Resample runs after Advance has counted the step, and draws from stream step·(N+1) + N of that count.
        _resamplingRng.Reset(_seed, (ulong)Step * ((ulong)n + 1) + (ulong)n);
        resampler.Resample(weights.AsSpan(0, n), _ancestors.AsSpan(0, n), _resamplingRng);
        var (states, eves, ancestors) = (_states, _eves, _ancestors);
        var (toStates, toEves) = (_spareStates, _spareEves);
        for (int k = 0; k < n; k++)
        {
            int a = ancestors[k];
            toStates[k] = states[a];
            toEves[k] = eves[a];
        }
        (_states, _spareStates) = (toStates, states);
        (_eves, _spareEves) = (toEves, eves);
        Array.Clear(_logWeights);
        Resamplings++;
        if (resampler != Resampler.Multinomial) OtherResamplings++;
    }

    /// <summary>
    /// Returns the rented buffers to the pool (cleared first where the states hold references); the population is not
    /// advanced or resampled afterwards. <see cref="LogWeights"/> is not pooled (the result keeps it). A second call does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        bool clear = RuntimeHelpers.IsReferenceOrContainsReferences<TState>();
        ArrayPool<TState>.Shared.Return(_states, clear);
        ArrayPool<TState>.Shared.Return(_spareStates, clear);
        ArrayPool<int>.Shared.Return(_eves);
        ArrayPool<int>.Shared.Return(_spareEves);
        ArrayPool<double>.Shared.Return(_weights);
        ArrayPool<int>.Shared.Return(_ancestors);
        _states = _spareStates = [];
        _eves = _spareEves = _ancestors = [];
        _weights = [];
    }
}
