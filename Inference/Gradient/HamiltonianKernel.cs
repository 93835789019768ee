namespace Probabilistic.Inference;

/// <summary>
/// An HMC or NUTS kernel with Stan's adaptation (<c>adapt_diag_e_nuts</c> and relatives): its first
/// <see cref="McmcOptions.Warmup"/> steps tune the step size by dual averaging and estimate the metric in
/// windows; later steps use the tuned values. A chain calls <see cref="Step"/> repeatedly; Gibbs calls it once per
/// sweep after swapping the density (<see cref="Retarget"/>). Its model errors are <see cref="UnnamedModelException"/>s:
/// the entry point that runs it names them.
/// </summary>
internal sealed class HamiltonianKernel
{
    private readonly HamiltonianOptions _o;
    private readonly int _chain;
    private readonly Rng _rng;
    private readonly Hamiltonian _h;
    private readonly Func<PhasePoint, double, Rng, DrawStatistics> _transition;
    private readonly DualAveraging _dual;
    private readonly WindowedAdaptation _windows;
    private readonly MetricEstimator? _estimator;
    private readonly FisherMetricEstimator? _fisher;
    private readonly bool _adapt;
    private bool _metricFixed; // a warm start keeps the previous fit's metric: warmup tunes only the step size
    private double _epsilon;
    private int _iteration;

    public HamiltonianKernel(IDifferentiableDensity density, HamiltonianOptions options, int chain, Rng rng)
    {
        _o = options;
        _chain = chain;
        _rng = rng;
        _h = new Hamiltonian(density, options.Metric);
        State = new PhasePoint(_h.Dimension);
        _transition = options switch
        {
            NutsOptions n => new NutsTransition(_h, n.MaxTreeDepth).Transition,
            HmcOptions s => new StaticHmcTransition(_h, s.IntegrationTime).Transition,
            _ => throw new System.Diagnostics.UnreachableException($"HamiltonianOptions has no subclass {options.GetType().Name}."),
        };
        _epsilon = options.StepSize;
        _adapt = options.Adapt && options.Warmup > 0;
        _dual = new DualAveraging(options.TargetAcceptance, options.StepSize);
        _windows = new WindowedAdaptation(options.Warmup, options.InitBuffer, options.TermBuffer, options.Window);
        // Pathfinder's metric kept (PathfinderInit.AdaptMetric false): warmup tunes only the step size.
        bool adaptsMetric = HamiltonianCheckpoint.AdaptsMetric(options);
        bool fisher = options.Metric is MetricKind.FisherDiagonal or MetricKind.LowRank;
        _estimator = adaptsMetric && !fisher ? new MetricEstimator(_h.Dimension, options.Metric == MetricKind.Dense) : null;
        _fisher = adaptsMetric && fisher ? new FisherMetricEstimator(_h.Dimension, options.Metric == MetricKind.LowRank ? options.LowRank : null) : null;
    }

    /// <summary>The current position (unconstrained), with its log density and gradient.</summary>
    public PhasePoint State { get; }

    /// <summary>True while the next step is a warmup step.</summary>
    public bool InWarmup => _iteration < _o.Warmup;

    /// <summary>
    /// Starts at <paramref name="initialPoint"/>, or at a random point with finite density and gradient, with the inverse
    /// metric <paramref name="inverseMetric"/> (diagonal, or dense row by row; ignored by the unit metric) or the identity;
    /// then, when adapting, runs Stan's initial step-size heuristic. With <paramref name="isGiven"/>, only the coordinates
    /// it marks are taken from <paramref name="initialPoint"/> and the others are drawn as for a random start.
    /// </summary>
    public void Initialize(double[]? initialPoint, bool[]? isGiven = null, double[]? inverseMetric = null)
    {
        if (inverseMetric is not null && _h.Kind is MetricKind.Diagonal or MetricKind.FisherDiagonal or MetricKind.LowRank)
            inverseMetric.CopyTo(_h.InverseDiagonal, 0);
        if (inverseMetric is not null && _h.Kind == MetricKind.Dense)
        {
            int d = _h.Dimension;
            var m = new double[d, d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) m[i, j] = inverseMetric[i * d + j];
            _h.SetInverseMetric(m);
        }
        if (initialPoint is not null && (isGiven is null || Array.TrueForAll(isGiven, g => g)))
        {
            initialPoint.CopyTo(State.Q, 0);
            _h.Evaluate(State);
            if (!Finite(State))
            {
                string? zero = ZeroDensityObservation();
                throw new UnnamedModelException(zero is not null
                    ? $"chain {_chain}: the evidence is impossible at the given initial values: {zero} (log density −∞)."
                    : $"chain {_chain}: the log density or its gradient is not finite at the given initial values (log p = {State.LogDensity}).{Rejection()}");
            }
        }
        else RandomInitialize(initialPoint, initialPoint is null ? null : isGiven);
        if (_adapt) _epsilon = InitialStepSize(_epsilon);
    }

    /// <summary>
    /// A warm start (<see cref="HamiltonianOptions.WarmStart"/>): starts at <paramref name="previous"/>'s position with its
    /// metric and step size; warmup, if any, tunes only the step size (dual averaging from μ = log(10 ε)), keeping the metric.
    /// </summary>
    public void InitializeWarm(ChainState previous)
    {
        RestoreMetric(previous);
        _metricFixed = true;
        previous.Q.CopyTo(State.Q, 0);
        _h.Evaluate(State);
        if (!Finite(State))
            throw new UnnamedModelException($"chain {_chain}: the log density or its gradient is not finite at the warm start's position (log p = {State.LogDensity}); the warm start is from another model or other data.{Rejection()}");
        _epsilon = previous.StepSize;
        if (_adapt) _dual.Restart(_epsilon);
    }

    /// <summary>
    /// Its chain's state: the kernel's part (position, step size, adaptation, metric, generator), copied, with the
    /// chain's <paramref name="divergences"/>, discrete-draw generator <paramref name="drawRng"/>, and kept
    /// <paramref name="draws"/> with their <paramref name="statistics"/>.
    /// </summary>
    public ChainState Capture(int divergences, RngState? drawRng, double[][] draws, DrawStatistics[] statistics)
    {
        var (counter, sBar, xBar) = _dual.Export();
        var (windowSize, nextWindow, windowCounter) = _windows.Export();
        var welford = _estimator?.Export();
        var fisher = _fisher?.Export();
        var lowRank = _h.LowRank;
        return new ChainState
        {
            Chain = _chain,
            Iteration = _iteration,
            StepSize = _epsilon,
            Q = (double[])State.Q.Clone(),
            LogDensity = State.LogDensity,
            Gradient = (double[])State.Gradient.Clone(),
            InverseDiagonal = (double[])_h.InverseDiagonal.Clone(),
            InverseDense = _h.InverseDense is { } dense ? Flatten(dense) : null,
            LowRankScale = lowRank?.Scale.ToArray(),
            LowRankVectors = lowRank?.Vectors.Select(v => (double[])v.Clone()).ToArray(),
            LowRankValues = lowRank?.Values.ToArray(),
            MetricFixed = _metricFixed,
            DualMu = _dual.Mu,
            DualCounter = counter,
            DualSBar = sBar,
            DualXBar = xBar,
            WindowSize = windowSize,
            NextWindow = nextWindow,
            WindowCounter = windowCounter,
            WelfordCount = welford?.Count ?? 0,
            WelfordMean = welford?.Mean,
            WelfordM2 = welford?.M2,
            WelfordM2Dense = welford?.M2Dense,
            FisherDraws = fisher?.Draws,
            FisherGradients = fisher?.Gradients,
            Rng = _rng.State,
            Divergences = divergences,
            DrawRng = drawRng,
            Draws = draws,
            Statistics = statistics,
        };
    }

    /// <summary>
    /// Continues from <paramref name="state"/> (from <see cref="Capture"/> of a kernel built with the same options on the
    /// same density): the next <see cref="Step"/> is the one the captured kernel would have taken. Replaces
    /// <see cref="Initialize"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The state's metric-window sums do not match this kernel's estimator (one has them, the other not).</exception>
    public void Restore(ChainState state)
    {
        if ((_estimator is not null) != (state.WelfordMean is not null) || (_fisher is not null) != (state.FisherDraws is not null))
            throw new ArgumentException(
                $"chain {_chain}: the checkpoint's chain {(state.WelfordMean is not null || state.FisherDraws is not null ? "adapts" : "does not adapt")} its metric in windows but these options' chain " +
                $"{(_estimator is not null || _fisher is not null ? "does" : "does not")} (Metric, or Pathfinder's InitialMetric/AdaptMetric, differ); resume with the checkpoint's settings.", "checkpoint");
        _iteration = state.Iteration;
        _epsilon = state.StepSize;
        state.Q.CopyTo(State.Q, 0);
        state.Gradient.CopyTo(State.Gradient, 0);
        State.LogDensity = state.LogDensity;
        RestoreMetric(state);
        _metricFixed = state.MetricFixed;
        _dual.Mu = state.DualMu;
        _dual.Import(state.DualCounter, state.DualSBar, state.DualXBar);
        _windows.Import(state.WindowSize, state.NextWindow, state.WindowCounter);
        if (_estimator is not null && state.WelfordMean is not null)
            _estimator.Import(state.WelfordCount, state.WelfordMean, state.WelfordM2!, state.WelfordM2Dense);
        if (_fisher is not null && state.FisherDraws is not null) _fisher.Import(state.FisherDraws, state.FisherGradients!);
        _rng.SetState(state.Rng);
    }

    private void RestoreMetric(ChainState state)
    {
        state.InverseDiagonal.CopyTo(_h.InverseDiagonal, 0);
        if (_h.Kind == MetricKind.Dense && state.InverseDense is { } flat)
        {
            int d = _h.Dimension;
            var m = new double[d, d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) m[i, j] = flat[i * d + j];
            _h.SetInverseMetric(m);
        }
        if (state.LowRankScale is not null) _h.SetLowRank(state.LowRankScale, state.LowRankVectors!, state.LowRankValues!);
    }

    private static double[] Flatten(double[,] m)
    {
        int d = m.GetLength(0);
        var flat = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) flat[i * d + j] = m[i, j];
        return flat;
    }

    /// <summary>Moves to a new target at <paramref name="theta"/> (Gibbs: other choices changed). The new density must be finite there.</summary>
    public void Retarget(IDifferentiableDensity density, ReadOnlySpan<double> theta)
    {
        _h.Density = density;
        theta.CopyTo(State.Q);
        _h.Evaluate(State);
    }

    /// <summary>One transition; during warmup it also adapts.</summary>
    public DrawStatistics Step()
    {
        var s = _transition(State, _epsilon, _rng);
        if (_iteration < _o.Warmup)
        {
            if (_adapt) Adapt(s);
            _iteration++;
            // With no terminal buffer the last metric update restarts dual averaging on the last warmup iteration, leaving
            // nothing averaged: keep the step size found for the new metric rather than exp(0) = 1 (Stan's issue #3023).
            if (_iteration == _o.Warmup && _adapt && _dual.Count > 0) _epsilon = _dual.Final;
        }
        else _iteration++;
        return s;
    }

    private void Adapt(DrawStatistics s)
    {
        _epsilon = _dual.Learn(s.AcceptStat);
        if (_metricFixed || (_estimator is null && _fisher is null)) return;
        if (_windows.InWindow)
        {
            if (_fisher is not null) _fisher.Add(State.Q, State.Gradient);
            else _estimator!.Add(State.Q);
        }
        if (_windows.EndOfWindow)
        {
            _windows.ComputeNextWindow();
            if (_fisher is not null)
            {
                _fisher.Update(_h);
                _fisher.Restart();
            }
            else
            {
                if (_o.Metric == MetricKind.Dense) _h.SetInverseMetric(_estimator!.Dense(_h.InverseDense!));
                else _estimator!.Diagonal(_h.InverseDiagonal);
                _estimator.Restart();
            }
            _epsilon = InitialStepSize(_epsilon);
            _dual.Restart(_epsilon);
        }
        _windows.Advance();
    }

    private void RandomInitialize(double[]? given, bool[]? isGiven)
    {
        string? impossible = null; // the zero-density observation, while every attempt had one
        for (int attempt = 0; attempt < _o.InitAttempts; attempt++)
        {
            for (int i = 0; i < State.Q.Length; i++)
                State.Q[i] = isGiven is not null && isGiven[i] ? given![i] : _o.InitRadius * (2 * _rng.NextDouble() - 1);
            _h.Evaluate(State);
            if (Finite(State)) return;
            string? zero = ZeroDensityObservation();
            impossible = attempt == 0 || impossible is not null ? zero : null;
        }
        if (impossible is not null)
            throw new UnnamedModelException(
                $"chain {_chain}: the evidence is impossible: {impossible} (log density −∞) at every one of the {_o.InitAttempts} initial points tried; " +
                "check the data and the observation's distribution.");
        throw new UnnamedModelException(
            $"chain {_chain}: the log density or its gradient was not finite at any of {_o.InitAttempts} initial points drawn uniformly from " +
            $"(−{_o.InitRadius}, {_o.InitRadius}) on the unconstrained space{(isGiven is null ? "" : " (for the choices without initial values)")}; check the model's supports and priors, or give initial values.{Rejection()}");
    }

    private string? ZeroDensityObservation() => (_h.Density as IRejectionSource)?.LastZeroDensityObservation;

    private string Rejection() => _h.Density is IRejectionSource { LastRejection: { } m } ? $" Last rejection: {m}" : "";

    private static bool Finite(PhasePoint z)
    {
        if (!double.IsFinite(z.LogDensity)) return false;
        foreach (var g in z.Gradient)
            if (!double.IsFinite(g)) return false;
        return true;
    }

    /// <summary>Stan's <c>init_stepsize</c>: doubles or halves ε until one leapfrog step's acceptance crosses 0.8.</summary>
    private double InitialStepSize(double epsilon)
    {
        if (epsilon == 0 || epsilon > 1e7 || double.IsNaN(epsilon)) return epsilon;
        var z = new PhasePoint(_h.Dimension);
        double DeltaH()
        {
            z.CopyFrom(State);
            _h.SampleMomentum(z, _rng);
            double h0 = _h.Energy(z);
            _h.Leapfrog(z, epsilon);
            return h0 - _h.Energy(z);
        }
        double logTarget = Math.Log(0.8);
        int direction = DeltaH() > logTarget ? 1 : -1;
        while (true)
        {
            double delta = DeltaH();
            if (direction == 1 && !(delta > logTarget)) break;
            if (direction == -1 && !(delta < logTarget)) break;
            epsilon = direction == 1 ? 2 * epsilon : 0.5 * epsilon;
            if (epsilon > 1e7)
                throw new UnnamedModelException($"chain {_chain}: the step size grew past 1e7 while searching for one with reasonable acceptance; the posterior is probably improper.");
            if (epsilon == 0)
                throw new UnnamedModelException($"chain {_chain}: no acceptably small step size exists; the density may not be continuous.");
        }
        return epsilon;
    }
}
