using System.Collections.Concurrent;
using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference.Compiled;

/// <summary>
/// Resample-move SMC (Gilks &amp; Berzuini, JRSS B 2001) over a compiled particle program: the interpreter's
/// <c>Population.Spawn(model, options, Stepper.Bootstrap.Recording()).Sequentially(…, p =&gt; p.Rejuvenate(moveSteps)).Collapse()</c>
/// with the particles as <typeparamref name="TState"/> structs and their partial traces as <see cref="ScoredChoice"/>
/// lists (each choice with its log density, handed over by the program under a policy that asks for it). The same
/// streams (particle i in step k: stream k·(N+1) + i of the seed; resampling: k·(N+1) + N; the moves: the interpreter's
/// second seed) and the same arithmetic in the same order, so the same seed gives the interpreter's particles, weights,
/// evidence, standard error and progress reports bit for bit, whatever the number of threads.
/// </summary>
internal sealed partial class RmsmcPopulation<TState, TProgram, T>
    where TState : struct
    where TProgram : struct, IChoiceParticleProgram<TState, T>
{
    private readonly TProgram _program;
    private readonly ulong _seed;
    private readonly int _threads;
    private readonly string _algorithm;
    private readonly string _twinName;
    private TState[] _states, _spareStates;
    private double[] _logLikelihoods, _spareLogLikelihoods;
    private ScoredChoice?[] _paths, _sparePaths;
    private int[] _eves, _spareEves;
    private readonly double[] _logWeights;
    private readonly T[] _values;
    private readonly double[] _weights;
    private readonly int[] _ancestors;
    private int _step, _resamplings, _otherResamplings;
    private double _pushedLogEvidence, _essBeforeResampling = double.NaN;

    /// <summary>N = <paramref name="count"/> particles at the program's start, each of weight 1 and with no choices.</summary>
    public RmsmcPopulation(TProgram program, int count, ulong seed, int threads, string algorithm, string twinName)
    {
        _program = program;
        _seed = seed;
        _threads = Math.Max(1, threads);
        _algorithm = algorithm;
        _twinName = twinName;
        _states = new TState[count];
        _spareStates = new TState[count];
        for (int i = 0; i < count; i++) program.Start(ref _states[i]);
        (_logLikelihoods, _spareLogLikelihoods) = (new double[count], new double[count]);
        (_paths, _sparePaths) = (new ScoredChoice?[count], new ScoredChoice?[count]);
        (_eves, _spareEves) = (new int[count], new int[count]);
        for (int i = 0; i < count; i++) _eves[i] = i;
        _logWeights = new double[count];
        _values = new T[count];
        _weights = new double[count];
        _ancestors = new int[count];
    }

    private int Count => _states.Length;

    private bool AllFinished => _step > _program.Steps;

    private double LogEvidence => _pushedLogEvidence + LogWeightStatistics.LogMeanExp(_logWeights);

    /// <summary>
    /// <see cref="Population{T}.Sequentially"/> with <see cref="Population{T}.Rejuvenate(int)"/> after each resampling,
    /// then <see cref="Population{T}.Collapse"/>.
    /// </summary>
    public WeightedSample<T> Run(Resampler resampler, double essThreshold, int moveSteps, IProgress<SmcProgress>? progress, CancellationToken cancellationToken)
    {
        while (!AllFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Advance();
            if (double.IsNegativeInfinity(LogWeightStatistics.Max(_logWeights))) throw AllImpossible();
            double ess = LogWeightStatistics.EffectiveSampleSize(_logWeights);
            // Population<T>.Degenerate: below threshold·N, or always at a threshold of 1; never once every particle finished.
            bool resampled = !AllFinished && (essThreshold >= 1 || ess < essThreshold * Count);
            if (resampled)
            {
                Resample(resampler);
                Rejuvenate(moveSteps);
            }
            progress?.Report(new SmcProgress(_step, ess, LogEvidence, resampled));
        }
        if (double.IsNegativeInfinity(LogWeightStatistics.Max(_logWeights))) throw AllImpossible();
        double se = LogEvidenceError.LogStandardError(LogEvidenceError.LeeWhiteleyRelativeVariance(_logWeights, _eves, _resamplings));
        return new WeightedSample<T>(_values, _logWeights, LogEvidence, se)
        {
            EffectiveSampleSizeBeforeResampling = _essBeforeResampling,
            LogEvidenceStandardErrorKind = double.IsNaN(se) ? LogEvidenceErrorKind.None
                : _otherResamplings > 0 ? LogEvidenceErrorKind.GenealogyApproximate : LogEvidenceErrorKind.Genealogy,
        };
    }

    /// <summary>Runs <paramref name="work"/>(from, to) over the particles in <see cref="Population{T}"/>'s ranges, on up to the options' threads.</summary>
    private void ForRanges(Action<int, int> work)
    {
        int n = Count, chunk = Population<T>.RangeSize(n, _threads);
        if (_threads == 1 || n <= chunk) work(0, n);
        else ParallelRun.Invoke(() => Parallel.ForEach(Partitioner.Create(0, n, chunk), new ParallelOptions { MaxDegreeOfParallelism = _threads },
            r => work(r.Item1, r.Item2)));
    }

    /// <summary>One step: every particle through its next score, its choices recorded with their log densities; after the last score, to the end.</summary>
    private void Advance()
    {
        ulong stream = (ulong)_step * ((ulong)Count + 1);
        bool finishing = _step == _program.Steps;
        ForRanges((from, to) =>
        {
            var program = _program;
            var rng = new Rng(0);
            for (int i = from; i < to; i++)
            {
                rng.Reset(_seed, stream + (ulong)i);
                if (finishing)
                {
                    var none = default(NoChoices);
                    _values[i] = program.Result(ref _states[i], rng, ref none);
                    continue;
                }
                var scoring = new Scoring(_paths[i]);
                double w = program.Advance(ref _states[i], rng, ref scoring);
                // ParticleHandler.OnScore: the score joins the weight and the partial trace's log likelihood.
                _logWeights[i] += w;
                _logLikelihoods[i] += w;
                _paths[i] = scoring.Path;
            }
        });
        _step++;
    }

    /// <summary><see cref="Population{T}.Resample"/>: the evidence pushed, the ancestors drawn, the particles (state, log likelihood, path, eve) copied, the weights set to 1.</summary>
    private void Resample(Resampler resampler)
    {
        int n = Count;
        _essBeforeResampling = LogWeightStatistics.EffectiveSampleSize(_logWeights);
        double lme = LogWeightStatistics.LogMeanExp(_logWeights);
        if (double.IsNegativeInfinity(lme)) throw AllImpossible();
        for (int i = 0; i < n; i++) _logWeights[i] -= lme;
        _pushedLogEvidence += lme;
        for (int i = 0; i < n; i++) _weights[i] = Math.Exp(_logWeights[i]);
        resampler.Resample(_weights, _ancestors, new Rng(_seed, (ulong)_step * ((ulong)n + 1) + (ulong)n));
        for (int k = 0; k < n; k++)
        {
            int a = _ancestors[k];
            _spareStates[k] = _states[a];
            _spareLogLikelihoods[k] = _logLikelihoods[a];
            _sparePaths[k] = _paths[a];
            _spareEves[k] = _eves[a];
        }
        (_states, _spareStates) = (_spareStates, _states);
        (_logLikelihoods, _spareLogLikelihoods) = (_spareLogLikelihoods, _logLikelihoods);
        (_paths, _sparePaths) = (_sparePaths, _paths);
        (_eves, _spareEves) = (_spareEves, _eves);
        Array.Clear(_sparePaths);   // no stale paths kept alive
        Array.Clear(_logWeights);
        _resamplings++;
        if (resampler != Resampler.Multinomial) _otherResamplings++;
    }

    /// <summary>Every particle has weight 0 after the current step (the compiled program knows no addresses).</summary>
    private ModelException AllImpossible() =>
        new($"{_algorithm}: every particle has weight 0 after step {_step} (observation or factor number {_step} of the model, " +
            $"run by the compiled twin {_twinName}); run with Interpreted = true to have the observation named by its address.");

    /// <summary>The recording policy of the bootstrap steps: every choice drawn and pushed onto the path with its log density.</summary>
    private struct Scoring(ScoredChoice? path) : IParticleChoices
    {
        public ScoredChoice? Path = path;
        private double _logDensity;

        public static bool WantsLogDensities => true;

        public readonly bool TryGive(int slot, long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
        {
            value = null;
            return false;
        }

        public readonly void Given(double logDensity) { }

        public void Drawn(double logDensity) => _logDensity = logDensity;

        public void Made<TValue>(int slot, long key, TValue value) => Path = new ScoredChoice(slot, key, value!, _logDensity, Path);
    }
}
