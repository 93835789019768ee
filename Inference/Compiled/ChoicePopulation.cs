using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference.Compiled;

/// <summary>
/// The inner filters of PMMH and SMC² and the sweeps of particle Gibbs over a compiled particle program
/// (<see cref="IChoiceParticleProgram{TState, TResult}"/>): <see cref="Population{T}"/>'s loop, randomness and arithmetic
/// with the particles as structs, so that the same seed gives the same particles, weights, evidence and choices as the
/// interpreter's <see cref="Stepper.Constrained"/> and <see cref="Stepper.Conditional"/> populations. Either
/// <list type="bullet">
/// <item>constrained: the given choices (θ) take their value and add their log density to the weight, in the order the
/// interpreter adds them (before the step's score), the others are drawn; nothing is recorded; or</item>
/// <item>recording: every particle's choices are kept in a shared-tail <see cref="ChoicePath"/>; with a reference
/// (conditional SMC, Andrieu, Doucet &amp; Holenstein, JRSS B 2010, §2.4.3) particle 0 takes the reference's values at no
/// weight and resampling keeps it in slot 0, drawing the other N − 1 ancestors from all N.</item>
/// </list>
/// Particle i's draws in step k come from stream k·(N+1) + i of the seed and the resampling after step k from stream
/// (k+1)·(N+1) + N, as in <see cref="Population{T}"/>. The particles advance on one thread (results never depend on the threads).
/// </summary>
internal sealed class ChoicePopulation<TState, TProgram, T> : IParticleFilter<T>
    where TState : struct
    where TProgram : struct, IChoiceParticleProgram<TState, T>
{
    private readonly TProgram _program;
    private readonly GivenValues? _constraints;
    private readonly GivenValues? _reference;
    private readonly bool _records;
    private readonly string _algorithm;
    private readonly string _twinName;
    private Rng _rng = new(0);
    private ulong _seed;
    private TState[] _states;
    private double[] _logWeights;
    private T[] _values;
    private ChoicePath?[]? _paths;
    private TState[]? _spareStates;
    private ChoicePath?[]? _sparePaths;
    private double[]? _weights;
    private int[]? _ancestors;
    private int _step;

    /// <summary>
    /// N = <paramref name="count"/> particles at the program's start: constrained by <paramref name="constraints"/>, or
    /// recording (<paramref name="records"/>) with particle 0 following <paramref name="reference"/> when given.
    /// </summary>
    public ChoicePopulation(TProgram program, int count, ulong seed, GivenValues? constraints, bool records, GivenValues? reference, string algorithm, string twinName)
    {
        _program = program;
        _seed = seed;
        _constraints = constraints;
        _records = records;
        _reference = reference;
        _algorithm = algorithm;
        _twinName = twinName;
        _states = new TState[count];
        for (int i = 0; i < count; i++) program.Start(ref _states[i]);
        _logWeights = new double[count];
        _values = new T[count];
        if (records) _paths = new ChoicePath?[count];
    }

    /// <summary>Number of particles.</summary>
    public int Count => _states.Length;

    /// <inheritdoc />
    public bool AllFinished => _step > _program.Steps;

    /// <summary>The log evidence pushed out of the weights by resampling so far.</summary>
    public double PushedLogEvidence { get; private set; }

    /// <inheritdoc />
    public double LogEvidence => PushedLogEvidence + LogWeightStatistics.LogMeanExp(_logWeights);

    /// <inheritdoc />
    public bool TrySequentially(Resampler resampler, double essThreshold, CancellationToken cancellationToken = default, int steps = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(resampler);
        if (!(essThreshold >= 0 && essThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(essThreshold), essThreshold, "Sequentially: the ESS threshold must be in [0, 1].");
        for (int k = 0; k < steps && !AllFinished; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Advance();
            if (double.IsNegativeInfinity(LogWeightStatistics.Max(_logWeights))) return false;
            double ess = LogWeightStatistics.EffectiveSampleSize(_logWeights);
            // Population<T>.Degenerate: below threshold·N, or always at a threshold of 1; never once every particle finished.
            if (!AllFinished && (essThreshold >= 1 || ess < essThreshold * Count)) Resample(resampler);
        }
        return true;
    }

    /// <summary>One step: every particle through its next score, or (after the last score) to the end of the program.</summary>
    private void Advance()
    {
        var program = _program;
        var (states, logWeights, rng) = (_states, _logWeights, _rng);
        int n = Count;
        bool finishing = _step == program.Steps;
        ulong stream = (ulong)_step * ((ulong)n + 1);
        for (int i = 0; i < n; i++)
        {
            rng.Reset(_seed, stream + (ulong)i);
            if (_constraints is not null)
            {
                // The constrained stepper adds each given choice's log density, then the score, to the particle's log weight.
                var given = new Constrained(_constraints, logWeights[i]);
                if (finishing) _values[i] = program.Result(ref states[i], rng, ref given);
                else
                {
                    double score = program.Advance(ref states[i], rng, ref given);
                    given.LogWeight += score;
                }
                logWeights[i] = given.LogWeight;
            }
            else if (_paths is not null)
            {
                var recorded = new Recording(i == 0 ? _reference : null, _paths[i]);
                if (finishing) _values[i] = program.Result(ref states[i], rng, ref recorded);
                else logWeights[i] += program.Advance(ref states[i], rng, ref recorded);
                _paths[i] = recorded.Path;
            }
            else
            {
                var none = default(NoChoices);
                if (finishing) _values[i] = program.Result(ref states[i], rng, ref none);
                else logWeights[i] += program.Advance(ref states[i], rng, ref none);
            }
            if (finishing && i == 0) _constraints?.ThrowIfUnvisited(0);
        }
        _step++;
    }

    /// <summary><see cref="Population{T}.Resample"/>: the evidence pushed, the ancestors drawn (particle 0 kept with a reference), the particles copied, the weights set to 1.</summary>
    private void Resample(Resampler resampler)
    {
        int n = Count;
        double lme = LogWeightStatistics.LogMeanExp(_logWeights);
        if (double.IsNegativeInfinity(lme)) throw AllImpossible();
        for (int i = 0; i < n; i++) _logWeights[i] -= lme;
        PushedLogEvidence += lme;
        // Scratch kept across steps (the particles' arrays swap with their spares): nothing allocated per resampling.
        var weights = _weights ??= new double[n];
        var ancestors = _ancestors ??= new int[n];
        for (int i = 0; i < n; i++) weights[i] = Math.Exp(_logWeights[i]);
        _rng.Reset(_seed, (ulong)_step * ((ulong)n + 1) + (ulong)n);
        if (_reference is null) resampler.Resample(weights, ancestors, _rng);
        else if (n > 1) { ancestors[0] = 0; resampler.Resample(weights, ancestors.AsSpan(1), _rng); }
        var states = _spareStates ??= new TState[n];
        var paths = _paths is null ? null : _sparePaths ??= new ChoicePath?[n];
        for (int k = 0; k < n; k++)
        {
            int a = ancestors[k];
            states[k] = _states[a];
            if (paths is not null) paths[k] = _paths![a];
        }
        (_spareStates, _states) = (_states, states);
        (_sparePaths, _paths) = (_paths, paths);
        if (_sparePaths is not null) Array.Clear(_sparePaths);   // no stale paths kept alive
        Array.Clear(_logWeights);
    }

    /// <inheritdoc />
    public int Draw(Rng rng)
    {
        int k = LogWeightStatistics.DrawIndex(_logWeights, rng);
        return k >= 0 ? k : throw AllImpossible();
    }

    /// <inheritdoc />
    public T Value(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Population: there are {Count} particles.");
        return AllFinished ? _values[index] : throw new InvalidOperationException($"Population: particle {index} has not finished the model.");
    }

    /// <inheritdoc />
    public ChoiceMap Choices(int index)
    {
        if (_paths is null) throw new InvalidOperationException("Population: the particles do not record their choices; spawn them with a recording stepper (Stepper.Recording()).");
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Population: there are {Count} particles.");
        var program = _program;
        return ChoicePath.ToChoiceMap(_paths[index], program.ChoiceAddress);
    }

    /// <inheritdoc />
    public IParticleFilter<T> Clone(ulong seed)
    {
        var c = (ChoicePopulation<TState, TProgram, T>)MemberwiseClone();
        c._seed = seed;
        c._rng = new Rng(0);   // its own generator: clones may be stepped on different threads (reset per draw, so no state to copy)
        (c._spareStates, c._sparePaths, c._weights, c._ancestors) = (null, null, null, null);   // its own scratch
        c._states = (TState[])_states.Clone();
        c._logWeights = (double[])_logWeights.Clone();
        c._values = (T[])_values.Clone();
        c._paths = (ChoicePath?[]?)_paths?.Clone();
        return c;
    }

    /// <inheritdoc />
    public ModelException AllImpossible() =>
        new($"{_algorithm}: every particle has weight 0 after step {_step} (observation or factor number {_step} of the model, " +
            $"run by the compiled twin {_twinName}); run with Interpreted = true to have the observation named by its address.");

    /// <summary>The constrained stepper's policy: given values weighed into the particle's log weight.</summary>
    private struct Constrained(GivenValues given, double logWeight) : IParticleChoices
    {
        public double LogWeight = logWeight;

        public readonly bool TryGive(int slot, long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value) => given.TryGet(slot, key, out value);

        public void Given(double logDensity) => LogWeight += logDensity;

        public readonly void Made<TValue>(int slot, long key, TValue value) { }
    }

    /// <summary>The recording policy: every choice pushed onto the path; a reference's values taken at no weight.</summary>
    private struct Recording(GivenValues? reference, ChoicePath? path) : IParticleChoices
    {
        public ChoicePath? Path = path;

        public readonly bool TryGive(int slot, long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
        {
            if (reference is not null) return reference.TryGet(slot, key, out value);
            value = null;
            return false;
        }

        public readonly void Given(double logDensity) { }

        public void Made<TValue>(int slot, long key, TValue value) => Path = new ChoicePath<TValue>(slot, key, value, Path);
    }
}
