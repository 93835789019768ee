namespace Probabilistic.Inference;

/// <summary>
/// An HMC or NUTS run held as an object, so that it can stop after any iteration and continue later, in this process
/// or another: <see cref="Run"/> advances every chain by some iterations, <see cref="Checkpoint"/> captures the complete
/// state (position, step size, dual averaging, the metric window's sums, the warmup phase and iteration, the generators,
/// the draws so far), and <see cref="Resume{T}(Model{T}, ChoiceMap?, HamiltonianCheckpoint, HamiltonianOptions?)"/>
/// continues it. A run stopped and resumed any number of times, at any iterations, gives the same draws, bit for bit,
/// as the uninterrupted <see cref="Infer.Nuts{T}(Model{T}, ChoiceMap?, NutsOptions?, IProgress{McmcProgress}?, CancellationToken)"/>
/// with the same options (like NumPyro's <c>mcmc.last_state</c> and <c>mcmc.run(init_params=…)</c>, but exact).
/// </summary>
/// <example>
/// <code>
/// var sampler = HamiltonianSampler.Start(model, data, options);
/// sampler.Run(500);                                   // warmup, say
/// File.WriteAllBytes("run.ckpt", sampler.Checkpoint().ToBytes());
/// // … later, maybe in another process:
/// var resumed = HamiltonianSampler.Resume(model, data, HamiltonianCheckpoint.FromBytes(File.ReadAllBytes("run.ckpt")), options);
/// resumed.Run(int.MaxValue);
/// Posterior posterior = resumed.Posterior();          // equals Infer.Nuts(model, data, options)
/// </code>
/// </example>
/// <remarks>A sampler is not thread-safe: call <see cref="Run"/>, <see cref="Checkpoint"/> and <see cref="Posterior"/> from one
/// thread at a time (<see cref="Run"/> itself runs the chains in parallel). If <see cref="Run"/> throws (the model threw
/// in some chain), the chains stand mid-segment in no state an uninterrupted run passes through: the sampler is faulted
/// and refuses to go on; resume from the last checkpoint taken before.</remarks>
public sealed class HamiltonianSampler
{
    private readonly HamiltonianOptions _o;
    private readonly HamiltonianPlan _plan;
    private readonly HamiltonianChain[] _chains;
    private Exception? _fault;

    private HamiltonianSampler(HamiltonianOptions o, HamiltonianPlan plan, HamiltonianCheckpoint? resume, int? chain = null)
    {
        _o = o;
        _plan = plan;
        resume?.CheckResumable(o, plan.Dimension, plan.Parameters, "checkpoint", oneChain: chain is not null);
        _chains = UnnamedModelException.In(o.Algorithm, () => chain is { } k
            ? [HamiltonianRun.StartOne(plan.Setup, plan.Columns.Count, o, k, resume?.Chains[0])]
            : HamiltonianRun.Start(plan.Setup, plan.Columns.Count, o, resume));
    }

    /// <summary>Sets up and initializes the chains of a run on a model (NUTS unless <paramref name="options"/> is <see cref="HmcOptions"/>); no iteration runs yet.</summary>
    /// <exception cref="ModelException">As <see cref="Infer.Nuts{T}(Model{T}, ChoiceMap?, NutsOptions?, IProgress{McmcProgress}?, CancellationToken)"/>.</exception>
    /// <exception cref="NotSupportedException">The model has unobserved discrete choices (enumerated): not resumable yet.</exception>
    public static HamiltonianSampler Start<T>(Model<T> model, ChoiceMap? observations = null, HamiltonianOptions? options = null) =>
        ForModel(model, observations, options, null, null);

    /// <summary>
    /// Continues the run <paramref name="checkpoint"/> was taken from, on the same model and observations, with the same
    /// options (<see cref="McmcOptions.Draws"/> may be larger, to draw more; <see cref="McmcOptions.MaxDegreeOfParallelism"/> may differ).
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint is from another model (dimension or parameter names differ), another sampler, or other settings; the message names the difference.</exception>
    public static HamiltonianSampler Resume<T>(Model<T> model, ChoiceMap? observations, HamiltonianCheckpoint checkpoint, HamiltonianOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return ForModel(model, observations, options, checkpoint, null);
    }

    /// <summary>
    /// Sets up chain <paramref name="chain"/> alone of the run <see cref="Start{T}(Model{T}, ChoiceMap?, HamiltonianOptions?)"/>
    /// would set up (<see cref="McmcOptions.Chains"/> still counts the run's chains): since chain k depends only on
    /// (<see cref="McmcOptions.Seed"/>, k), it draws exactly what chain k of the whole run draws, so the chains of one
    /// run can be sampled in different processes or machines and joined with <see cref="HamiltonianCheckpoint.Combine"/>.
    /// Its <see cref="Checkpoint"/> holds that one chain; <see cref="ResumeChain{T}(Model{T}, ChoiceMap?, HamiltonianCheckpoint, HamiltonianOptions?)"/> continues it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chain"/> is not in [0, <see cref="McmcOptions.Chains"/>).</exception>
    public static HamiltonianSampler StartChain<T>(Model<T> model, ChoiceMap? observations, HamiltonianOptions? options, int chain) =>
        ForModel(model, observations, options, null, CheckChain(options ?? new NutsOptions(), chain));

    /// <summary>Continues the one chain of a <see cref="StartChain{T}(Model{T}, ChoiceMap?, HamiltonianOptions?, int)"/> sampler's checkpoint (same model, observations and options).</summary>
    /// <exception cref="ArgumentException">The checkpoint does not hold exactly one chain, or is from another model, sampler or settings.</exception>
    public static HamiltonianSampler ResumeChain<T>(Model<T> model, ChoiceMap? observations, HamiltonianCheckpoint checkpoint, HamiltonianOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Chains.Count != 1)
            throw new ArgumentException($"{nameof(ResumeChain)}: the checkpoint holds {checkpoint.Chains.Count} chains; a single chain's checkpoint holds one (use {nameof(Resume)} for a whole run).", nameof(checkpoint));
        return ForModel(model, observations, options, checkpoint, CheckChain(options ?? new NutsOptions(), checkpoint.Chains[0].Chain));
    }

    private static int CheckChain(HamiltonianOptions o, int chain)
    {
        if (chain < 0 || chain >= o.Chains)
            throw new ArgumentOutOfRangeException(nameof(chain), chain, $"{o.Algorithm}: chain {chain} is not one of the run's chains 0 … {o.Chains - 1} (Chains = {o.Chains}).");
        return chain;
    }

    /// <summary>Sets up a run on a density over ℝᵈ (columns <c>theta[1]</c> …); <paramref name="initialPoint"/> as for <see cref="Infer.Nuts(IDifferentiableDensity, NutsOptions?, double[], IProgress{McmcProgress}?, CancellationToken)"/>.</summary>
    public static HamiltonianSampler Start(IDifferentiableDensity target, HamiltonianOptions? options = null, double[]? initialPoint = null) =>
        ForDensity(target, options, initialPoint, null);

    /// <summary>Continues a run on a density from <paramref name="checkpoint"/> (see <see cref="Resume{T}(Model{T}, ChoiceMap?, HamiltonianCheckpoint, HamiltonianOptions?)"/>).</summary>
    public static HamiltonianSampler Resume(IDifferentiableDensity target, HamiltonianCheckpoint checkpoint, HamiltonianOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return ForDensity(target, options, null, checkpoint);
    }

    private static HamiltonianSampler ForModel<T>(Model<T> model, ChoiceMap? observations, HamiltonianOptions? options, HamiltonianCheckpoint? resume, int? chain)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new NutsOptions();
        o.Validate(o.Algorithm);
        var plan = UnnamedModelException.In(o.Algorithm, () =>
        {
            if (EnumeratedDensity<T>.HasEnumerableChoices(model, observations, o.Seed))
                throw new NotSupportedException($"{o.Algorithm}: the model has unobserved discrete choices, summed out by enumeration; a {nameof(HamiltonianSampler)} runs only models whose unobserved choices are all continuous (use Infer.{o.Algorithm}).");
            return Infer.PlanContinuous(model, observations, o, resuming: resume is not null, CancellationToken.None);
        });
        return new HamiltonianSampler(o, plan, resume, chain);
    }

    private static HamiltonianSampler ForDensity(IDifferentiableDensity target, HamiltonianOptions? options, double[]? initialPoint, HamiltonianCheckpoint? resume)
    {
        ArgumentNullException.ThrowIfNull(target);
        var o = options ?? new NutsOptions();
        o.Validate(o.Algorithm);
        var plan = UnnamedModelException.In(o.Algorithm, () => Infer.PlanDensity(target, o, initialPoint, resuming: resume is not null, CancellationToken.None));
        return new HamiltonianSampler(o, plan, resume);
    }

    /// <summary>The options the run uses.</summary>
    public HamiltonianOptions Options => _o;

    /// <summary>The fewest iterations (warmup included) any chain has done.</summary>
    public int Iteration => _chains.Min(c => c.Iteration);

    /// <summary>Iterations each chain runs in all: warmup plus draws times thinning.</summary>
    public int TotalIterations => _o.Warmup + _o.Draws * _o.Thin;

    /// <summary>True when every chain has run all its iterations.</summary>
    public bool Finished => _chains.All(c => c.Finished);

    /// <summary>
    /// Runs up to <paramref name="iterations"/> more iterations of every chain (in parallel; fewer at the end of the run).
    /// Cancelling stops each chain after its current iteration; the state stays consistent, so <see cref="Checkpoint"/>
    /// still captures it exactly (chains may then stand at different iterations, which resuming handles).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">An earlier <see cref="Run"/> threw (the sampler is faulted).</exception>
    public void Run(int iterations, IProgress<McmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        ThrowIfFaulted();
        try
        {
            UnnamedModelException.In(_o.Algorithm, () =>
            {
                HamiltonianRun.Advance(_chains, iterations, _o, progress, cancellationToken);
                return 0;
            });
        }
        catch (Exception e)
        {
            _fault = e; // some chains may have stopped mid-iteration, others run on: no consistent state to continue
            throw;
        }
    }

    /// <summary>The complete state now: <see cref="HamiltonianCheckpoint.ToBytes"/> stores it, <see cref="Resume{T}(Model{T}, ChoiceMap?, HamiltonianCheckpoint, HamiltonianOptions?)"/> continues it.</summary>
    /// <exception cref="InvalidOperationException">An earlier <see cref="Run"/> threw (the sampler is faulted).</exception>
    public HamiltonianCheckpoint Checkpoint()
    {
        ThrowIfFaulted();
        return _plan.Checkpoint(_o, _chains);
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
            throw new InvalidOperationException(
                $"{_o.Algorithm}: the sampler is faulted: an earlier Run threw ({_fault.GetType().Name}: {_fault.Message}), leaving its chains in no state an " +
                "uninterrupted run passes through; resume from the last checkpoint taken before it.", _fault);
    }

    /// <summary>
    /// The posterior of the draws kept so far (every chain cut to the fewest any kept), with generated quantities for a
    /// model, and <see cref="Posterior.SamplerState"/> set; once <see cref="Finished"/>, it equals the uninterrupted run's.
    /// </summary>
    /// <exception cref="InvalidOperationException">No chain has kept a draw yet (still in warmup), or the sampler is faulted.</exception>
    public Posterior Posterior()
    {
        ThrowIfFaulted();
        var results = HamiltonianRun.Results(_chains);
        if (results[0].Draws.Length == 0)
            throw new InvalidOperationException($"{_o.Algorithm}: no draw kept yet (every chain is at iteration {Iteration} of {TotalIterations}, warmup is {_o.Warmup}); run further first.");
        return UnnamedModelException.In(_o.Algorithm, () => _plan.Finish(results, _plan.FinalState(_o, _chains)));
    }
}
