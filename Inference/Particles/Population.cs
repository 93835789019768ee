using System.Collections.Concurrent;
using Probabilistic.Interpretation;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// Weighted particles of one model, each a suspended run of it (monad-bayes' <c>Population</c> over
/// <c>Sequential</c>: Ścibior, Kammar &amp; Ghahramani, ICFP 2018): the container holds the particles' cursors, log
/// weights, log likelihoods, return values and genealogy (each particle's eve), resamples them, and estimates the
/// evidence and its standard error. How a particle moves to its next score is its <see cref="Stepper"/>'s business;
/// the container has no modes. A particle is a cursor (two immutable references and a namespace), so resampling copies
/// cursors and offspring share their suspended program. Operations change the population in place and return it, so
/// that algorithms read as compositions: <c>Spawn(model, n, seed).Sequentially(resampler, threshold).Collapse()</c>.
/// </summary>
/// <remarks>
/// Randomness: particle i's draws in step k come from stream (k·(N+1) + i) of the population's seed,
/// and resampling in step k from stream k·(N+1) + N, so results are identical whatever the number
/// of threads. The log-evidence estimate is kept as an accumulated part (pushed at each resampling)
/// plus log-mean-exp of the current weights.
/// </remarks>
public sealed partial class Population<T>
{
    private Cursor[] _cursors;
    private double[] _logWeights;
    private bool[] _finished;
    private T[] _values;
    private int[] _eves;
    private ChoiceHistory?[]? _histories;
    private double[] _logLikelihoods;
    private int[] _tallies;
    private ZeroWeightCause[] _causes;
    private readonly Model<T> _model;
    private readonly Stepper _stepper;
    private ulong _seed;
    private int _step;
    private int _resamplings;
    private int _otherResamplings;

    private Population(Model<T> model, int count, ulong seed, Stepper stepper)
    {
        _model = model;
        _stepper = stepper;
        _seed = seed;
        _logLikelihoods = new double[count];
        _tallies = new int[count];
        _causes = new ZeroWeightCause[count];
        _cursors = new Cursor[count];
        _logWeights = new double[count];
        _finished = new bool[count];
        _values = new T[count];
        _eves = new int[count];
        if (stepper.Records) _histories = new ChoiceHistory?[count];
        var start = new Machine(Stepper.Bootstrap.NewHandler(true));
        start.Start(model);
        var cursor = start.Save();
        for (int i = 0; i < count; i++)
        {
            _cursors[i] = cursor;
            _eves[i] = i;
        }
    }

    /// <summary>
    /// <paramref name="count"/> particles at the start of <paramref name="model"/>, each with weight 1, moved by
    /// <paramref name="stepper"/> (<see cref="Stepper.Bootstrap"/> when null).
    /// </summary>
    public static Population<T> Spawn(Model<T> model, int count, ulong seed, Stepper? stepper = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Population: the number of particles must be positive.");
        return new Population<T>(model, count, seed, stepper ?? Stepper.Bootstrap);
    }

    /// <summary>
    /// The particles of <paramref name="options"/> (their number, seed — or <paramref name="seed"/> when given — and
    /// thread limit; errors name its algorithm), moved by <paramref name="stepper"/>.
    /// </summary>
    internal static Population<T> Spawn(Model<T> model, ParticleOptions options, Stepper? stepper = null, ulong? seed = null, string? algorithm = null) =>
        new(model, options.Particles, seed ?? options.Seed, stepper ?? Stepper.Bootstrap)
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
            Algorithm = algorithm ?? options.Algorithm,
        };

    /// <summary>The stepper that moves the particles.</summary>
    public Stepper Stepper => _stepper;

    /// <summary>The choices particle <paramref name="index"/> has made so far (needs a recording stepper).</summary>
    public ChoiceMap Choices(int index)
    {
        if (_histories is null) throw new InvalidOperationException("Population: the particles do not record their choices; spawn them with a recording stepper (Stepper.Recording()).");
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Population: there are {Count} particles.");
        return ChoiceHistory.ToChoiceMap(_histories[index]);
    }

    /// <summary>The return value of particle <paramref name="index"/>, which must have finished.</summary>
    public T Value(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Population: there are {Count} particles.");
        return _finished[index] ? _values[index] : throw new InvalidOperationException($"Population: particle {index} has not finished the model.");
    }

    /// <summary>Number of particles.</summary>
    public int Count => _cursors.Length;

    /// <summary>Number of <see cref="Advance"/> steps taken.</summary>
    public int Step => _step;

    /// <summary>Number of resampling steps taken.</summary>
    public int Resamplings => _resamplings;

    /// <summary>The algorithm named in error messages ("Smc" unless an algorithm built on populations says otherwise).</summary>
    internal string Algorithm { get; set; } = "Smc";

    /// <summary>
    /// Added to every particle's stream index in the first step, so that a population of n particles can run
    /// particles offset … offset + n − 1 of a larger importance sampler (whose particle i draws from stream i).
    /// Only for <see cref="RunToEnd"/> on a fresh population.
    /// </summary>
    internal ulong StreamOffset { get; set; }

    /// <summary>
    /// Kish's effective sample size of the weights just before the last resampling (NaN when the population has
    /// never been resampled): after a resampling the weights are equal and <see cref="EffectiveSampleSize"/> reads N,
    /// so this is the one that shows how degenerate the weights had become.
    /// </summary>
    public double EffectiveSampleSizeBeforeResampling { get; private set; } = double.NaN;

    /// <summary>The log evidence pushed out of the weights by resampling so far.</summary>
    public double PushedLogEvidence { get; private set; }

    /// <summary>Maximum number of threads advancing particles (1 = sequential; results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>The particles' current log weights.</summary>
    public ReadOnlySpan<double> LogWeights => _logWeights;

    /// <summary>True when every particle has run to the end of the model.</summary>
    public bool AllFinished => Array.TrueForAll(_finished, f => f);

    /// <summary>The current estimate log Ẑ = pushed evidence + log-mean-exp of the weights.</summary>
    public double LogEvidence => PushedLogEvidence + LogWeightStatistics.LogMeanExp(_logWeights);

    /// <summary>Kish's effective sample size of the current weights, (Σw)² / Σw².</summary>
    public double EffectiveSampleSize => LogWeightStatistics.EffectiveSampleSize(_logWeights);

    /// <summary>True when every particle has weight 0.</summary>
    internal bool AllImpossibleNow => double.IsNegativeInfinity(LogWeightStatistics.Max(_logWeights));

    /// <summary>
    /// Advances every unfinished particle to just after its next observation or factor (or to the end of
    /// the model) with the stepper, adding the score to its weight — one step of <c>Sequential</c>.
    /// </summary>
    public Population<T> Advance() => Run(suspendAtScores: true);

    /// <summary>Runs every particle to the end of the model (importance sampling with the stepper's proposal).</summary>
    public Population<T> RunToEnd() => Run(suspendAtScores: false);

    private Population<T> Run(bool suspendAtScores)
    {
        int n = Count, threads = Math.Max(1, MaxDegreeOfParallelism);
        ulong step = (ulong)_step;
        int chunk = RangeSize(n, threads);
        if (threads == 1 || n <= chunk || _stepper.Randomness is not null) RunRange(0, n, step, suspendAtScores);
        else ParallelRun.Invoke(() => Parallel.ForEach(Partitioner.Create(0, n, chunk), new ParallelOptions { MaxDegreeOfParallelism = threads },
            r => RunRange(r.Item1, r.Item2, step, suspendAtScores)));
        _step++;
        return this;
    }

    /// <summary>How many particles one task advances when <paramref name="count"/> particles run on <paramref name="threads"/> threads (four ranges per thread, at least 64 particles each).</summary>
    internal static int RangeSize(int count, int threads) => Math.Max(64, count / (4 * threads));

    private void RunRange(int from, int to, ulong step, bool suspendAtScores)
    {
        var handler = _stepper.NewHandler(suspendAtScores);
        var machine = new Machine(handler);
        ulong streamsPerStep = (ulong)Count + 1;
        for (int i = from; i < to; i++)
        {
            if (_finished[i]) continue;
            handler.Load(_seed, step * streamsPerStep + (ulong)i + (step == 0 ? StreamOffset : 0), _logWeights[i], _logLikelihoods[i], _histories?[i], _tallies[i]);
            handler.Begin(i, (int)step);
            machine.Load(_cursors[i]);
            machine.Run();
            handler.End(i, (int)step);
            _logWeights[i] = handler.LogWeight;
            _logLikelihoods[i] = handler.LogLikelihood;
            _tallies[i] = handler.Tally;
            if (handler.Cause.Source != ZeroWeightSource.None) _causes[i] = handler.Cause;
            else if (double.IsNegativeInfinity(handler.LogWeight) && _causes[i].Source == ZeroWeightSource.None) _causes[i] = new ZeroWeightCause(ZeroWeightSource.Proposal, null);
            if (_histories is not null) _histories[i] = handler.History;
            if (machine.Finished)
            {
                _stepper.Finished(i, handler.History, handler.Tally);
                _finished[i] = true;
                _values[i] = machine.Result<T>();
                _cursors[i] = default;
            }
            else _cursors[i] = machine.Save();
        }
    }

    /// <summary>
    /// The finished particles as a weighted sample of return values, with log Ẑ and its standard error
    /// estimated from the particles' genealogy (<see cref="LogEvidenceError.LeeWhiteleyRelativeVariance"/>;
    /// se(log Ẑ) ≈ √log(1 + V)). The estimate is consistent when every resampling was multinomial
    /// (<see cref="LogEvidenceErrorKind.Genealogy"/>); after another scheme resampled it is marked
    /// <see cref="LogEvidenceErrorKind.GenealogyApproximate"/>. Unfinished particles are an error.
    /// </summary>
    public WeightedSample<T> Collapse()
    {
        for (int i = 0; i < Count; i++)
            if (!_finished[i]) throw new InvalidOperationException($"Population: particle {i} has not finished the model; advance the population to the end before collapsing it.");
        if (AllImpossibleNow) throw AllImpossible();
        double se = LogEvidenceError.LogStandardError(LogEvidenceError.LeeWhiteleyRelativeVariance(_logWeights, _eves, _resamplings));
        return new WeightedSample<T>(_values, _logWeights, LogEvidence, se)
        {
            EffectiveSampleSizeBeforeResampling = EffectiveSampleSizeBeforeResampling,
            LogEvidenceStandardErrorKind = double.IsNaN(se) ? LogEvidenceErrorKind.None
                : _otherResamplings > 0 ? LogEvidenceErrorKind.GenealogyApproximate : LogEvidenceErrorKind.Genealogy,
        };
    }

    /// <summary>
    /// The error for a population whose every particle has weight 0: names <see cref="Algorithm"/>, the step, and
    /// the observation (or factor, or constrained choice) that ruled the particles out, with its address.
    /// </summary>
    internal ModelException AllImpossible()
    {
        var counts = new Dictionary<ZeroWeightCause, int>();
        ZeroWeightCause.Tally(_causes, counts);
        return ZeroWeightCause.AllImpossible(Algorithm, "particle", _step, counts);
    }

    /// <summary>What made each particle's weight 0 (None for particles of positive weight).</summary>
    internal ReadOnlySpan<ZeroWeightCause> ZeroWeightCauses => _causes;
}
