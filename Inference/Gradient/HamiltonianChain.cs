namespace Probabilistic.Inference;

/// <summary>The draws of one chain: constrained values [draw][column], the sampler's statistics, and the adapted tuning.</summary>
internal sealed record ChainResult(double[][] Draws, TransitionStatistics[] Statistics, double StepSize, double[] InverseMetricDiagonal, int WarmupDivergences);

/// <summary>
/// Runs one HMC or NUTS chain as Stan's <c>run_adaptive_sampler</c>: a random (or given) initial point with
/// finite density and gradient, the initial step-size heuristic, warmup with dual averaging of the step size
/// and metric estimation in windows, then sampling with the adapted step size and metric.
/// </summary>
internal sealed class HamiltonianChain
{
    private readonly HamiltonianOptions _o;
    private readonly string _algorithm;
    private readonly IDifferentiableDensity _density;
    private readonly Hamiltonian _h;
    private readonly Func<PhasePoint, double, Rng, TransitionStatistics> _transition;
    private readonly int _chain;
    private readonly Rng _rng;

    public HamiltonianChain(IDifferentiableDensity density, HamiltonianOptions options, string algorithm, int chain)
    {
        _o = options;
        _algorithm = algorithm;
        _density = density;
        _chain = chain;
        _rng = new Rng(options.Seed, (ulong)chain);
        _h = new Hamiltonian(density, options.Metric);
        _transition = options switch
        {
            NutsOptions n => new NutsTransition(_h, n.MaxTreeDepth).Transition,
            HmcOptions s => new StaticHmcTransition(_h, s.IntegrationTime).Transition,
            _ => throw new ArgumentException($"{algorithm}: unknown options type {options.GetType().Name}.", nameof(options)),
        };
    }

    public ChainResult Run(double[]? initialPoint, Action<double[], double[]> constrain, int columns,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        var state = new PhasePoint(_h.Dimension);
        Initialize(state, initialPoint);
        double epsilon = _o.StepSize;
        int total = _o.Warmup + _o.Draws * _o.Thin;
        int divergences = 0;
        int done = 0;

        // Warmup.
        bool adapt = _o.Adapt && _o.Warmup > 0;
        var dual = new DualAveraging(_o.TargetAcceptance) { Mu = Math.Log(10 * _o.StepSize) };
        var windows = new WindowedAdaptation(_o.Warmup, _o.InitBuffer, _o.TermBuffer, _o.Window);
        var estimator = _o.Metric == MetricKind.Unit ? null : new MetricEstimator(_h.Dimension, _o.Metric == MetricKind.Dense);
        if (adapt) epsilon = InitialStepSize(state, epsilon);
        for (int it = 0; it < _o.Warmup; it++)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var s = _transition(state, epsilon, _rng);
            if (s.Divergent) divergences++;
            if (adapt)
            {
                epsilon = dual.Learn(s.AcceptStat);
                if (estimator is not null)
                {
                    if (windows.InWindow) estimator.Add(state.Q);
                    if (windows.EndOfWindow)
                    {
                        windows.ComputeNextWindow();
                        if (_o.Metric == MetricKind.Dense) _h.SetInverseMetric(estimator.Dense());
                        else estimator.Diagonal(_h.InverseDiagonal);
                        estimator.Restart();
                        epsilon = InitialStepSize(state, epsilon);
                        dual.Mu = Math.Log(10 * epsilon);
                        dual.Restart();
                    }
                    windows.Advance();
                }
            }
            done++;
            progress?.Report(new McmcProgress(_chain, done, total, SamplerPhase.Warmup, s.StepSize, divergences));
        }
        if (adapt) epsilon = dual.Final;
        int warmupDivergences = divergences;

        // Sampling.
        var draws = new List<double[]>(_o.Draws);
        var stats = new List<TransitionStatistics>(_o.Draws);
        for (int it = 0; it < _o.Draws * _o.Thin && !cancellationToken.IsCancellationRequested; it++)
        {
            var s = _transition(state, epsilon, _rng);
            if (s.Divergent) divergences++;
            if (it % _o.Thin == 0)
            {
                var x = new double[columns];
                constrain(state.Q, x);
                draws.Add(x);
                stats.Add(s);
            }
            done++;
            progress?.Report(new McmcProgress(_chain, done, total, SamplerPhase.Sampling, epsilon, divergences));
        }
        return new ChainResult(draws.ToArray(), stats.ToArray(), epsilon, (double[])_h.InverseDiagonal.Clone(), warmupDivergences);
    }

    private void Initialize(PhasePoint state, double[]? initialPoint)
    {
        if (initialPoint is not null)
        {
            initialPoint.CopyTo(state.Q, 0);
            _h.Evaluate(state);
            if (!Finite(state))
                throw new ModelException($"{_algorithm}: chain {_chain}: the log density or its gradient is not finite at the given initial values (log p = {state.LogDensity}).{Rejection()}");
            return;
        }
        for (int attempt = 0; attempt < _o.InitAttempts; attempt++)
        {
            for (int i = 0; i < state.Q.Length; i++) state.Q[i] = _o.InitRadius * (2 * _rng.NextDouble() - 1);
            _h.Evaluate(state);
            if (Finite(state)) return;
        }
        throw new ModelException(
            $"{_algorithm}: chain {_chain}: the log density or its gradient was not finite at any of {_o.InitAttempts} initial points drawn uniformly from " +
            $"(−{_o.InitRadius}, {_o.InitRadius}) on the unconstrained space; check the model's supports and priors, or give initial values.{Rejection()}");
    }

    private string Rejection()
    {
        var message = _density switch
        {
            IRejectionSource r => r.LastRejection,
            _ => null,
        };
        return message is null ? "" : $" Last rejection: {message}";
    }

    private static bool Finite(PhasePoint z)
    {
        if (!double.IsFinite(z.LogDensity)) return false;
        foreach (var g in z.Gradient)
            if (!double.IsFinite(g)) return false;
        return true;
    }

    /// <summary>Stan's <c>init_stepsize</c>: doubles or halves ε until one leapfrog step's acceptance crosses 0.8.</summary>
    private double InitialStepSize(PhasePoint state, double epsilon)
    {
        if (epsilon == 0 || epsilon > 1e7 || double.IsNaN(epsilon)) return epsilon;
        var z = new PhasePoint(_h.Dimension);
        double DeltaH()
        {
            z.CopyFrom(state);
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
                throw new ModelException($"{_algorithm}: chain {_chain}: the step size grew past 1e7 while searching for one with reasonable acceptance; the posterior is probably improper.");
            if (epsilon == 0)
                throw new ModelException($"{_algorithm}: chain {_chain}: no acceptably small step size exists; the density may not be continuous.");
        }
        return epsilon;
    }
}
