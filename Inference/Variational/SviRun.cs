using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// A stochastic variational inference fit held as an object, so that it can stop after any step and continue later, in
/// this process or another: <see cref="Run"/> takes some optimization steps, <see cref="Checkpoint"/> captures the complete
/// state (the parameters' unconstrained values, the optimizer's moments and step count, the generators of the guide's
/// draws and of the minibatches, the score-function baselines, the objective's history and the convergence monitor's
/// recordings), and <see cref="Resume{T}"/> continues it. A fit stopped and resumed any number of times, at any steps,
/// gives the same parameters and objective history, bit for bit, as the uninterrupted
/// <see cref="Infer.Svi{T}(Model{T}, Guide, ChoiceMap?, SviOptions?, IProgress{SviProgress}?, CancellationToken)"/> with the
/// same options (which runs this same loop). <see cref="Start{T}"/> with a <c>warmStart</c> fit continues optimizing from
/// that fit's parameters with a fresh optimizer (Pyro's <c>param_store</c> reuse).
/// </summary>
/// <example>
/// <code>
/// var run = SviRun.Start(model, guide, options: new SviOptions { Steps = 5000, Seed = 3 });
/// run.Run(1000);
/// File.WriteAllBytes("fit.ckpt", run.Checkpoint().ToBytes());
/// // … later, maybe in another process:
/// var resumed = SviRun.Resume(model, guide, null, SviCheckpoint.FromBytes(File.ReadAllBytes("fit.ckpt")), new SviOptions { Steps = 5000, Seed = 3 });
/// resumed.Run(int.MaxValue);
/// VariationalFit fit = resumed.Fit();                 // equals Infer.Svi(model, guide, options: …)
/// </code>
/// </example>
/// <remarks>Not thread-safe. If a step throws (the model threw, the objective was not finite), the run stands mid-step in
/// no state an uninterrupted run passes through: it is faulted and refuses to go on; resume from the last checkpoint.
/// A <c>[Compiled]</c> model is scored through its generated density where that applies (<see cref="GeneratedDensity"/>;
/// <see cref="SviOptions.Interpreted"/> forces the interpreter).</remarks>
public sealed class SviRun
{
    private const string Name = "Svi";
    private readonly SviOptions _o;
    private readonly Guide _guide;
    private readonly ParameterStore _store;
    private readonly Rng _rng;
    private readonly Tape _tape = new();
    private readonly Dictionary<Address, double> _baselines = [];
    private readonly TapeObjectiveContext _context;
    private readonly MinibatchSubsampler _minibatches;
    private readonly List<double> _history;
    private readonly ConvergenceMonitor _monitor;
    private IOptimizer? _optimizer;
    private Exception? _fault;

    private SviRun(SviOptions o, Guide guide, ParameterStore store, Func<GuideDraw, Real> logJoint, bool generated, bool generatedGradient)
    {
        _o = o;
        _guide = guide;
        _store = store;
        _rng = new Rng(o.Seed);
        _context = new TapeObjectiveContext(logJoint, guide, store, _rng, _baselines);
        _minibatches = new MinibatchSubsampler(new Rng(o.Seed, 0x5B)); // its own stream: fits without subsampled plates are unchanged
        _history = new List<double>(o.Steps);
        _monitor = new ConvergenceMonitor(o.Steps);
        GeneratedDensity = generated;
        GeneratedGradient = generatedGradient;
    }

    /// <summary>Sets up a fit of <paramref name="guide"/> to <paramref name="model"/> given <paramref name="observations"/>; no step runs yet.</summary>
    /// <param name="model">The model.</param>
    /// <param name="guide">The guide.</param>
    /// <param name="observations">Values of the model's observed choices; null for none.</param>
    /// <param name="options">As for <see cref="Infer.Svi{T}(Model{T}, Guide, ChoiceMap?, SviOptions?, IProgress{SviProgress}?, CancellationToken)"/>;
    /// <see cref="SviOptions.Steps"/> is the fit's length.</param>
    /// <param name="warmStart">A previous fit whose parameters this one starts from (each parameter the previous fit holds
    /// with the same constraint, bit for bit; the others at their initial values), with a fresh optimizer; null for none.</param>
    /// <exception cref="ArgumentException">Both <paramref name="warmStart"/> and <see cref="SviOptions.Parameters"/> are given,
    /// or a parameter of <paramref name="warmStart"/> has another constraint here.</exception>
    /// <exception cref="ModelException">As <see cref="Infer.Svi{T}(Model{T}, Guide, ChoiceMap?, SviOptions?, IProgress{SviProgress}?, CancellationToken)"/>.</exception>
    public static SviRun Start<T>(Model<T> model, Guide guide, ChoiceMap? observations = null, SviOptions? options = null, VariationalFit? warmStart = null)
    {
        var o = options ?? new SviOptions();
        if (warmStart is not null && o.Parameters is not null)
            throw new ArgumentException("SviRun.Start: give either a warm start or SviOptions.Parameters, not both.", nameof(warmStart));
        var run = Create(model, guide, observations, o, o.Parameters ?? new ParameterStore());
        if (warmStart is not null) run._store.CopyFrom(warmStart.Parameters, "SviRun.Start");
        return run;
    }

    /// <summary>
    /// Continues the fit <paramref name="checkpoint"/> was taken from, on the same model, guide and observations, with the
    /// same options (<see cref="SviOptions.Steps"/> may differ, to run longer or shorter; <see cref="SviOptions.Parameters"/>
    /// must be null: the checkpoint holds the parameters). The optimizer that <see cref="SviOptions.Optimizer"/> makes must be
    /// the checkpoint's, with the same settings. A different <see cref="SviOptions.Steps"/> changes only the convergence
    /// diagnostics: every step's parameters and objective are the uninterrupted fit's, but the convergence monitor keeps the
    /// recording stride of the Steps the fit started with, so the fit's <c>Diagnostics</c> may differ from those
    /// of a fit started with the new Steps.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint is from another model or guide (its parameters differ: the message
    /// names the first), or from a fit started on an <see cref="SviOptions.Parameters"/> store holding parameters that the
    /// model and guide do not make (a resumed fit starts from an empty store and cannot recreate them), other settings (seed,
    /// objective, optimizer, scoring), or is past <see cref="SviOptions.Steps"/>.</exception>
    public static SviRun Resume<T>(Model<T> model, Guide guide, ChoiceMap? observations, SviCheckpoint checkpoint, SviOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var o = options ?? new SviOptions();
        if (o.Parameters is not null)
            throw new ArgumentException("SviRun.Resume: SviOptions.Parameters must be null; the checkpoint holds the parameters.", nameof(options));
        var run = Create(model, guide, observations, o, new ParameterStore());
        run.Restore(checkpoint);
        return run;
    }

    /// <summary>The loop of <see cref="Infer.Svi{T}(Model{T}, Guide, ChoiceMap?, SviOptions?, IProgress{SviProgress}?, CancellationToken)"/> on <paramref name="store"/>.</summary>
    internal static SviRun Create<T>(Model<T> model, Guide guide, ChoiceMap? observations, SviOptions o, ParameterStore store)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(guide);
        observations ??= ChoiceMap.Empty;
        if (o.Steps < 0) throw new ArgumentOutOfRangeException(nameof(o.Steps), o.Steps, "Svi: Steps must be non-negative.");
        var scorer = new ModelScorer<T>(model, observations, store, o.Objective.Name);
        var generated = o.Interpreted ? null : GeneratedModelScorer.TryCreate(model, observations, guide, scorer.LogJoint);
        var run = new SviRun(o, guide, store, generated is null ? scorer.LogJoint : generated.LogJoint, generated is not null, generated?.GeneratedGradient ?? false);
        // One draw with whole plates creates every parameter (those inside subsampled plates included), so the
        // optimizer's vector keeps one length, and checks that the guide's supports lie in the model's; its own
        // generator leaves the fit's stream as it was.
        scorer.CheckSupports(guide.Sample(store, new Rng(o.Seed, 0x1A)));
        return run;
    }

    /// <summary>The options the fit uses.</summary>
    public SviOptions Options => _o;

    /// <summary>Steps done.</summary>
    public int Step => _history.Count;

    /// <summary>True when <see cref="SviOptions.Steps"/> steps are done.</summary>
    public bool Finished => _history.Count >= _o.Steps;

    /// <summary>
    /// True when the model is scored through the generated log density of its <c>[Compiled]</c> twin at the guide's
    /// unconstrained draw rather than by the interpreter: an autoguide over the model's latents (<see cref="AutoNormal"/>,
    /// <see cref="AutoMultivariateNormal"/>), a model whose latent choices are all scalar and continuous, nothing observed
    /// by address, and <see cref="SviOptions.Interpreted"/> not set.
    /// </summary>
    public bool GeneratedDensity { get; }

    /// <summary>With <see cref="GeneratedDensity"/>: true when the model's part of the gradient comes from its generated
    /// reverse sweep over <c>double</c> (one tape node for the whole model), false when the generated density runs on the tape.</summary>
    public bool GeneratedGradient { get; }

    /// <summary>The parameters now (the run's own store: later steps change it; <see cref="Fit"/> returns a copy).</summary>
    public ParameterStore Parameters => _store;

    /// <summary>
    /// Takes up to <paramref name="steps"/> more steps (fewer at the end of the fit). Cancelling stops after the step in
    /// progress and throws an <see cref="OperationCanceledException"/>; the state stays consistent, so
    /// <see cref="Checkpoint"/> still captures it exactly.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">An earlier <see cref="Run"/> threw (the run is faulted).</exception>
    /// <exception cref="ModelException">As <see cref="Infer.Svi{T}(Model{T}, Guide, ChoiceMap?, SviOptions?, IProgress{SviProgress}?, CancellationToken)"/>; the run is then faulted.</exception>
    public void Run(int steps, IProgress<SviProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        Advance(steps, progress, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Up to <paramref name="steps"/> steps, stopping quietly when cancelled (the loop of <c>Infer.Svi</c>).</summary>
    internal void Advance(int steps, IProgress<SviProgress>? progress, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        int end = (int)Math.Min((long)_history.Count + steps, _o.Steps);
        _store.Subsampler = _minibatches;
        try
        {
            for (int step = _history.Count; step < end && !cancellationToken.IsCancellationRequested; step++)
            {
                _minibatches.NextStep();
                var (value, gradient) = SviStep.Gradient(_o.Objective, _context, _store, _tape, step);
                for (int i = 0; i < gradient.Length; i++) gradient[i] = -gradient[i]; // the optimizer minimizes −objective
                _optimizer ??= MakeOptimizer();
                var theta = _store.Unconstrained;
                _optimizer.Step(theta, gradient);
                _store.SetUnconstrained(theta);
                _history.Add(value);
                _monitor.After(step, _store);
                progress?.Report(new SviProgress(step + 1, _o.Steps, value));
            }
        }
        catch (Exception e)
        {
            _fault = e; // the step in progress drew from the generators and opened the store's gradient: no consistent state
            throw;
        }
        finally
        {
            _store.Subsampler = null; // posterior draws and later runs see whole plates
        }
    }

    private IOptimizer MakeOptimizer() => _o.Optimizer?.Invoke() ?? new Adam(learningRate: 0.01);

    /// <summary>The fit so far on the run's own store (what <c>Infer.Svi</c> returns).</summary>
    internal VariationalFit FitOnStore() =>
        new(_guide, _store, _o.Objective.Name, [.. _history], _monitor.Diagnose(_store, _o.Objective.Name, _history), GeneratedDensity);

    /// <summary>
    /// The fit so far: a copy of the parameters, the objective's history and the convergence check, as
    /// <see cref="Infer.Svi{T}(Model{T}, Guide, ChoiceMap?, SviOptions?, IProgress{SviProgress}?, CancellationToken)"/> returns
    /// after the same steps; later <see cref="Run"/>s do not change it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run is faulted.</exception>
    public VariationalFit Fit()
    {
        ThrowIfFaulted();
        var store = _store.Snapshot();
        return new VariationalFit(_guide, store, _o.Objective.Name, [.. _history], _monitor.Diagnose(store, _o.Objective.Name, _history), GeneratedDensity);
    }

    /// <summary>The complete state now: <see cref="SviCheckpoint.ToBytes"/> stores it, <see cref="Resume{T}"/> continues it.</summary>
    /// <exception cref="InvalidOperationException">The run is faulted, or its optimizer is not an <see cref="IStatefulOptimizer"/>.</exception>
    public SviCheckpoint Checkpoint()
    {
        ThrowIfFaulted();
        OptimizerState? optimizer = _optimizer switch
        {
            null => null,
            IStatefulOptimizer s => s.Capture(),
            _ => throw new InvalidOperationException($"Svi: the optimizer {_optimizer.GetType().Name} does not implement {nameof(IStatefulOptimizer)}, so its state cannot be checkpointed."),
        };
        var (stride, recordedSteps, recordedValues) = _monitor.State;
        return new SviCheckpoint(SviCheckpoint.SettingsOf(_o, _guide, GeneratedDensity), _o.Steps, _store.Layout(), _store.Unconstrained,
            _rng.State, _minibatches.Rng.State, _minibatches.Permutations.Select(p => (p.Plate, p.Permutation)).ToArray(),
            _baselines.Select(b => (b.Key, b.Value)).ToArray(), optimizer, [.. _history], stride, recordedSteps, recordedValues);
    }

    private void Restore(SviCheckpoint c)
    {
        c.CheckResumable(SviCheckpoint.SettingsOf(_o, _guide, GeneratedDensity), _store.Layout(), _o.Steps);
        _store.SetUnconstrained(c.Unconstrained);
        _rng.SetState(c.Rng);
        _minibatches.Rng.SetState(c.MinibatchRng);
        _minibatches.Restore(c.Permutations);
        foreach (var (address, value) in c.Baselines) _baselines[address] = value;
        _history.AddRange(c.History);
        _monitor.Restore(c.MonitorStride, c.MonitorSteps, c.MonitorValues);
        if (c.Optimizer is { } state)
        {
            var optimizer = MakeOptimizer();
            if (optimizer is not IStatefulOptimizer s)
                throw new ArgumentException($"Svi: the checkpoint holds a {state.Optimizer}'s state, but SviOptions.Optimizer makes a {optimizer.GetType().Name}, which does not implement {nameof(IStatefulOptimizer)}.", nameof(c));
            s.Restore(state);
            _optimizer = optimizer;
        }
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
            throw new InvalidOperationException(
                $"Svi: the run is faulted: an earlier Run threw ({_fault.GetType().Name}: {_fault.Message}), leaving it mid-step in no state an " +
                "uninterrupted run passes through; resume from the last checkpoint taken before it.", _fault);
    }
}
