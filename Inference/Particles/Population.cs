using System.Collections.Concurrent;
using Probabilistic.Interpretation;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// Weighted particles of one model, each a suspended run of it (monad-bayes' <c>Population</c> over
/// <c>Sequential</c>: Ścibior, Kammar &amp; Ghahramani, ICFP 2018). A particle is a cursor (two
/// immutable references and a namespace), so resampling copies cursors and offspring share their
/// suspended program. Operations change the population in place and return it, so that algorithms
/// read as compositions: <c>Spawn(n).Advance().Resample()…Collapse()</c>.
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
    private int[] _constraintsVisited;
    private ZeroWeightCause[] _causes;
    private ChoiceMap? _constraints;
    private ChoiceMap? _reference;
    private readonly Model<T> _model;
    private ulong _seed;
    private int _step;
    private int _resamplings;
    private int _otherResamplings;

    private Population(Model<T> model, int count, ulong seed)
    {
        _model = model;
        _seed = seed;
        _logLikelihoods = new double[count];
        _constraintsVisited = new int[count];
        _causes = new ZeroWeightCause[count];
        _cursors = new Cursor[count];
        _logWeights = new double[count];
        _finished = new bool[count];
        _values = new T[count];
        _eves = new int[count];
        var start = new Machine(new AdvanceHandler(true));
        start.Start(model);
        var cursor = start.Save();
        for (int i = 0; i < count; i++)
        {
            _cursors[i] = cursor;
            _eves[i] = i;
        }
    }

    /// <summary><paramref name="count"/> particles at the start of <paramref name="model"/>, each with weight 1.</summary>
    public static Population<T> Spawn(Model<T> model, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Population: the number of particles must be positive.");
        return new Population<T>(model, count, seed);
    }

    /// <summary>
    /// Fixes the choices of <paramref name="constraints"/> in every particle: each takes its given value and
    /// adds its log density to the particle's weight (<c>Generate</c>'s semantics), so that the evidence
    /// estimate is one of p(constraints, observations). Every constrained address must be visited: a
    /// particle that finishes without visiting one is a <see cref="ModelException"/> naming it. Implies
    /// <see cref="RecordChoices"/>. Only before the first step.
    /// </summary>
    public Population<T> Constrain(ChoiceMap constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        RequireFresh(nameof(Constrain));
        if (_proposal is not null) throw new InvalidOperationException("Population.Constrain: a population with a proposal cannot also be constrained.");
        _constraints = constraints.Count == 0 ? null : constraints;
        return RecordChoices();
    }

    /// <summary>
    /// Makes every particle record its choices in a persistent history that resampled offspring share
    /// (read with <see cref="Choices"/>). Only before the first step.
    /// </summary>
    public Population<T> RecordChoices()
    {
        RequireFresh(nameof(RecordChoices));
        _histories ??= new ChoiceHistory?[Count];
        return this;
    }

    /// <summary>
    /// Conditional SMC (Andrieu, Doucet &amp; Holenstein, JRSS B 2010, §2.4.3): particle 0 follows the
    /// reference trajectory <paramref name="reference"/> (its choices take the reference's values and, being
    /// the path a prior draw would have made, add nothing to its weight) and is never resampled away:
    /// <see cref="Resample"/> keeps it in slot 0 and draws the other N − 1 ancestors from all N particles.
    /// The paper's kernel draws them multinomially (<see cref="Resampler.Multinomial"/>); the other schemes
    /// need conditional versions of themselves (Chopin &amp; Singh, Bernoulli 2015), which this does not do.
    /// Implies <see cref="RecordChoices"/>. Only before the first step.
    /// </summary>
    public Population<T> Condition(ChoiceMap reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        RequireFresh(nameof(Condition));
        if (_proposal is not null) throw new InvalidOperationException("Population.Condition: a population with a proposal cannot also follow a reference trajectory.");
        _reference = reference;
        return RecordChoices();
    }

    private void RequireFresh(string operation)
    {
        if (_step != 0) throw new InvalidOperationException($"Population.{operation}: only a population that has not been advanced yet can be changed this way.");
    }

    /// <summary>The choices particle <paramref name="index"/> has made so far (needs <see cref="RecordChoices"/>).</summary>
    public ChoiceMap Choices(int index)
    {
        if (_histories is null) throw new InvalidOperationException("Population: the particles do not record their choices; call RecordChoices before advancing.");
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

    /// <summary>
    /// The algorithm named in error messages ("Smc" unless an algorithm built on populations says otherwise).
    /// </summary>
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

    /// <summary>
    /// When set, every prior draw of the particles (finite supports only) and every resampling draws through it
    /// instead of the seed's streams, and particles advance on one thread in index order, so that a scripted
    /// source can enumerate the population's random outcomes exactly. Null (the default) uses the streams.
    /// Not with <see cref="Propose{TProposal}"/> (the proposal draws from the streams) nor
    /// <see cref="Rejuvenate"/>.
    /// </summary>
    internal IFiniteRandomness? Randomness { get; set; }

    /// <summary>The particles' current log weights.</summary>
    public ReadOnlySpan<double> LogWeights => _logWeights;

    /// <summary>True when every particle has run to the end of the model.</summary>
    public bool AllFinished => Array.TrueForAll(_finished, f => f);

    /// <summary>The current estimate log Ẑ = pushed evidence + log-mean-exp of the weights.</summary>
    public double LogEvidence => PushedLogEvidence + LogWeightStatistics.LogMeanExp(_logWeights);

    /// <summary>Kish's effective sample size of the current weights, (Σw)² / Σw².</summary>
    public double EffectiveSampleSize => LogWeightStatistics.EffectiveSampleSize(_logWeights);

    /// <summary>
    /// Advances every unfinished particle to just after its next observation or factor (or to the end of
    /// the model), adding the score to its weight — one step of <c>Sequential</c>.
    /// </summary>
    public Population<T> Advance() => Run(suspendAtScores: true);

    /// <summary>Runs every particle to the end of the model (importance sampling with the prior as proposal).</summary>
    public Population<T> RunToEnd() => Run(suspendAtScores: false);

    private Population<T> Run(bool suspendAtScores)
    {
        int n = Count;
        ulong step = (ulong)_step;
        int chunk = Math.Max(64, n / (4 * Math.Max(1, MaxDegreeOfParallelism)));
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism) };
        if (MaxDegreeOfParallelism <= 1 || n <= chunk || Randomness is not null) RunRange(0, n, step, suspendAtScores);
        else ParallelRun.Invoke(() => Parallel.ForEach(Partitioner.Create(0, n, chunk), options, r => RunRange(r.Item1, r.Item2, step, suspendAtScores)));
        _step++;
        return this;
    }

    private void RunRange(int from, int to, ulong step, bool suspendAtScores)
    {
        var handler = new AdvanceHandler(suspendAtScores);
        var machine = new Machine(handler);
        ulong streamsPerStep = (ulong)Count + 1;
        if (Randomness is not null && _proposal is not null) throw new InvalidOperationException("Population: a proposal draws from the seed's streams, so it cannot be used with finite randomness.");
        handler.Randomness = Randomness;
        for (int i = from; i < to; i++)
        {
            if (_finished[i]) continue;
            handler.Rng.Reset(_seed, step * streamsPerStep + (ulong)i + (step == 0 ? StreamOffset : 0));
            handler.Cause = ZeroWeightCause.None;
            handler.LogWeight = _logWeights[i];
            handler.LogLikelihood = _logLikelihoods[i];
            handler.Constraints = _constraints;
            handler.ConstraintsVisited = _constraintsVisited[i];
            handler.Forced = i == 0 ? _reference : null;
            handler.Records = _histories is not null;
            handler.History = _histories?[i];
            var proposed = ApplyProposal(handler, i, (int)step);
            machine.Load(_cursors[i]);
            machine.Run();
            CheckProposal(proposed, handler, i, (int)step);
            _logWeights[i] = handler.LogWeight;
            _logLikelihoods[i] = handler.LogLikelihood;
            if (handler.Cause.Source != ZeroWeightSource.None) _causes[i] = handler.Cause;
            else if (double.IsNegativeInfinity(handler.LogWeight) && _causes[i].Source == ZeroWeightSource.None) _causes[i] = new ZeroWeightCause(ZeroWeightSource.Proposal, null);
            if (proposed is null) _constraintsVisited[i] = handler.ConstraintsVisited;
            if (_histories is not null) _histories[i] = handler.History;
            if (machine.Finished)
            {
                if (_constraints is not null && handler.ConstraintsVisited != _constraints.Count) throw Unvisited(i);
                _finished[i] = true;
                _values[i] = machine.Result<T>();
                _cursors[i] = default;
            }
            else _cursors[i] = machine.Save();
        }
    }

    /// <summary>
    /// Moves the mean weight into <see cref="PushedLogEvidence"/> and sets every log weight to 0 minus
    /// its share: wᵢ ← wᵢ − log-mean-exp(w) (monad-bayes' <c>pushEvidence</c>).
    /// </summary>
    public Population<T> PushEvidence()
    {
        double lme = LogWeightStatistics.LogMeanExp(_logWeights);
        if (double.IsNegativeInfinity(lme)) throw AllImpossible();
        for (int i = 0; i < _logWeights.Length; i++) _logWeights[i] -= lme;
        PushedLogEvidence += lme;
        return this;
    }

    /// <summary>
    /// Resamples N particles in proportion to their weights with <paramref name="resampler"/>; the
    /// evidence is pushed first, so afterwards every weight is 1 (log weight 0).
    /// </summary>
    public Population<T> Resample(Resampler resampler)
    {
        ArgumentNullException.ThrowIfNull(resampler);
        EffectiveSampleSizeBeforeResampling = EffectiveSampleSize;
        PushEvidence();
        int n = Count;
        var weights = new double[n];
        for (int i = 0; i < n; i++) weights[i] = Math.Exp(_logWeights[i]);
        var ancestors = new int[n];
        // Conditional SMC: the reference keeps slot 0; the other N − 1 ancestors are drawn from all N.
        var drawn = _reference is null ? ancestors.AsSpan() : ancestors.AsSpan(1);
        if (drawn.Length > 0)
        {
            if (Randomness is not null) resampler.Resample(weights, drawn, Randomness);
            else resampler.Resample(weights, drawn, new Rng(_seed, (ulong)_step * ((ulong)n + 1) + (ulong)n));
        }
        var cursors = new Cursor[n];
        var finished = new bool[n];
        var values = new T[n];
        var eves = new int[n];
        var logLikelihoods = new double[n];
        var visited = new int[n];
        var histories = _histories is null ? null : new ChoiceHistory?[n];
        for (int k = 0; k < n; k++)
        {
            int a = ancestors[k];
            cursors[k] = _cursors[a];
            finished[k] = _finished[a];
            values[k] = _values[a];
            eves[k] = _eves[a];
            logLikelihoods[k] = _logLikelihoods[a];
            visited[k] = _constraintsVisited[a];
            if (histories is not null) histories[k] = _histories![a];
        }
        (_cursors, _finished, _values, _eves) = (cursors, finished, values, eves);
        (_logLikelihoods, _constraintsVisited, _histories) = (logLikelihoods, visited, histories);
        Array.Clear(_causes);
        Array.Clear(_logWeights);
        _resamplings++;
        if (resampler != Resampler.Multinomial) _otherResamplings++;
        return this;
    }

    /// <summary>Resamples when the effective sample size is below <paramref name="threshold"/>·N (adaptive resampling), and always when the threshold is 1.</summary>
    public Population<T> ResampleIfDegenerate(Resampler resampler, double threshold)
    {
        if (!(threshold >= 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Resample: the ESS threshold must be in [0, 1].");
        if (double.IsNegativeInfinity(LogWeightStatistics.Max(_logWeights))) throw AllImpossible();
        // A threshold of 1 resamples at every call, even when the weights are equal (ESS = N).
        return threshold >= 1 || EffectiveSampleSize < threshold * Count ? Resample(resampler) : this;
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
        double max = LogWeightStatistics.Max(_logWeights);
        if (double.IsNegativeInfinity(max)) throw AllImpossible();
        double se = LogEvidenceError.LogStandardError(LogEvidenceError.LeeWhiteleyRelativeVariance(_logWeights, _eves, _resamplings));
        return new WeightedSample<T>(_values, _logWeights, LogEvidence, se)
        {
            EffectiveSampleSizeBeforeResampling = EffectiveSampleSizeBeforeResampling,
            LogEvidenceStandardErrorKind = double.IsNaN(se) ? LogEvidenceErrorKind.None
                : _otherResamplings > 0 ? LogEvidenceErrorKind.GenealogyApproximate : LogEvidenceErrorKind.Genealogy,
        };
    }

    /// <summary>
    /// Advances to the end, resampling with <paramref name="resampler"/> whenever the ESS falls below
    /// <paramref name="essThreshold"/>·N (always when it is 1 or more) after a step that leaves some particle
    /// unfinished (monad-bayes' <c>sequentially resample</c>). Returns false, stopping early, when every
    /// particle has weight 0.
    /// </summary>
    internal bool Filter(Resampler resampler, double essThreshold, CancellationToken cancellationToken)
    {
        while (!AllFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Advance();
            if (double.IsNegativeInfinity(LogWeightStatistics.Max(_logWeights))) return false;
            if (AllFinished) break;
            if (essThreshold >= 1) Resample(resampler);
            else ResampleIfDegenerate(resampler, essThreshold);
        }
        return true;
    }

    /// <summary>One particle index drawn in proportion to the current weights.</summary>
    internal int Draw(Rng rng)
    {
        double max = LogWeightStatistics.Max(_logWeights), total = 0;
        if (double.IsNegativeInfinity(max)) throw AllImpossible();
        foreach (var lw in _logWeights) total += Math.Exp(lw - max);
        double u = rng.NextDouble() * total;
        for (int i = 0; i < Count; i++)
        {
            u -= Math.Exp(_logWeights[i] - max);
            if (u < 0) return i;
        }
        for (int i = Count - 1; ; i--)
            if (!double.IsNegativeInfinity(_logWeights[i])) return i;
    }

    private ModelException Unvisited(int particle)
    {
        var made = ChoiceHistory.ToChoiceMap(_histories![particle]);
        var missing = _constraints!.Addresses.Where(a => !made.Contains(a)).ToList();
        return new ModelException(
            $"Population: the constraints name {(missing.Count == 1 ? "address" : "addresses")} {string.Join(", ", missing.Take(5).Select(a => $"'{a}'"))}{(missing.Count > 5 ? ", …" : "")}, which particle {particle} finished without visiting.",
            missing.FirstOrDefault());
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
