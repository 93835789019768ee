namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// The No-U-Turn Sampler over a model's continuous choices, conditioned on <paramref name="observations"/>:
    /// Stan's algorithm (multinomial trajectory sampling, generalized U-turn criterion, divergence detection) with
    /// its windowed warmup (Hoffman &amp; Gelman 2014; Betancourt 2017; Stan Reference Manual, "MCMC sampling").
    /// Chains run in parallel; chain k depends only on (<see cref="McmcOptions.Seed"/>, k).
    /// Cancelling stops every chain after its current iteration and throws an <see cref="InferenceCanceledException{TResult}"/>
    /// whose <c>PartialResult</c> holds the draws all chains reached (each chain cut to the shortest); cancelled during
    /// warmup, or before any draw was kept, it throws a plain <see cref="OperationCanceledException"/> (the rule on <see cref="Infer"/>).
    /// </summary>
    /// <remarks>Unobserved discrete choices of finite support are summed out by enumeration and drawn afterwards per draw
    /// (see <see cref="EnumeratedDensity{T}"/>): their columns follow the continuous ones.</remarks>
    /// <exception cref="ModelException">The model has no unobserved continuous choice, has an unobserved discrete one of
    /// unbounded support or one whose enumeration would be exponential, samples one address twice (or two addresses with
    /// one column name), its density is not finite at any initial point (an observation of density zero at all of them is
    /// named: impossible evidence), <see cref="McmcOptions.InitialValues"/> names an address that is not a sampled
    /// choice, or its set of choices changes between evaluations.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named by the exception's parameter name).</exception>
    /// <exception cref="OperationCanceledException">Cancelled before any draw was kept.</exception>
    public static Posterior Nuts<T>(Model<T> model, ChoiceMap? observations = null, NutsOptions? options = null,
        IProgress<McmcProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Hamiltonian(model, observations, options ?? new NutsOptions(), progress, cancellationToken);

    /// <summary>NUTS on a density given directly over ℝᵈ; the columns are <c>theta[1]</c> … <c>theta[d]</c>.</summary>
    /// <param name="target">The density (each chain uses <see cref="IDifferentiableDensity.ForThread"/>).</param>
    /// <param name="options">The options; <see cref="McmcOptions.InitialValues"/> does not apply (use <paramref name="initialPoint"/>).</param>
    /// <param name="initialPoint">Where every chain starts, or null for uniform draws on (−2, 2)ᵈ.</param>
    /// <param name="progress">Receives per-chain progress.</param>
    /// <param name="cancellationToken">Stops the chains.</param>
    public static Posterior Nuts(IDifferentiableDensity target, NutsOptions? options = null, double[]? initialPoint = null,
        IProgress<McmcProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Hamiltonian(target, options ?? new NutsOptions(), initialPoint, progress, cancellationToken);

    /// <summary>
    /// Static HMC (a fixed integration time) over a model's continuous choices, with the same warmup as
    /// <see cref="Nuts{T}(Model{T}, ChoiceMap?, NutsOptions?, IProgress{McmcProgress}?, CancellationToken)"/>
    /// (Neal 2011, "MCMC using Hamiltonian dynamics"; Stan's <c>engine=static</c>). It throws as that method does.
    /// </summary>
    public static Posterior Hmc<T>(Model<T> model, ChoiceMap? observations = null, HmcOptions? options = null,
        IProgress<McmcProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Hamiltonian(model, observations, options ?? new HmcOptions(), progress, cancellationToken);

    /// <summary>Static HMC on a density given directly over ℝᵈ; the columns are <c>theta[1]</c> … <c>theta[d]</c>.</summary>
    public static Posterior Hmc(IDifferentiableDensity target, HmcOptions? options = null, double[]? initialPoint = null,
        IProgress<McmcProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Hamiltonian(target, options ?? new HmcOptions(), initialPoint, progress, cancellationToken);

    // The entry point of NUTS and HMC on a model: the options say which (o.Algorithm names the errors of every layer below).
    private static Posterior Hamiltonian<T>(Model<T> model, ChoiceMap? observations, HamiltonianOptions o,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        o.Validate(o.Algorithm);
        return UnnamedModelException.In(o.Algorithm, () =>
        {
            if (!EnumeratedDensity<T>.HasEnumerableChoices(model, observations, o.Seed))
                return Kept(HamiltonianContinuous(model, observations, o, progress, cancellationToken), o.Algorithm, cancellationToken);
            // An enumerated run has no sampler state (Posterior.SamplerState is null), so nothing to warm start from or check against.
            if (o.WarmStart is not null)
                throw new ArgumentException($"{o.Algorithm}: WarmStart is set, but the model has unobserved discrete choices, summed out by enumeration; warm starts apply only to models whose unobserved choices are all continuous.", nameof(HamiltonianOptions.WarmStart));
            return Kept(HamiltonianEnumerated(model, observations, o, progress, cancellationToken), o.Algorithm, cancellationToken);
        });
    }

    private static Posterior HamiltonianContinuous<T>(Model<T> model, ChoiceMap? observations, HamiltonianOptions o,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        var plan = PlanContinuous(model, observations, o, resuming: false, cancellationToken);
        var chains = HamiltonianRun.RunChains(plan.Setup, plan.Columns.Count, o, progress, cancellationToken);
        return plan.Finish(HamiltonianRun.Results(chains), plan.FinalState(o, chains));
    }

    /// <summary>
    /// How NUTS or HMC runs on a model's continuous choices: the density, the columns, each chain's setup, and how the
    /// draws become a posterior (with generated quantities). <paramref name="resuming"/>: the chains will be restored from
    /// a checkpoint, so neither initial values nor Pathfinder are computed.
    /// </summary>
    internal static HamiltonianPlan PlanContinuous<T>(Model<T> model, ChoiceMap? observations, HamiltonianOptions o, bool resuming, CancellationToken cancellationToken)
    {
        var density = ModelDensity<T>.ForEntryPoint(model, observations, o.Seed, interpreted: o.Interpreted, generatedGradient: !o.TapeGradient);
        var columns = new List<PosteriorColumn>();
        foreach (var b in density.Blocks)
            for (int i = 0; i < b.ConstrainedLength; i++) columns.Add(new PosteriorColumn(b.ColumnName(i), b.Address, b.IsVector ? i : -1));
        var plan = new HamiltonianPlan(columns, density.Dimension);
        if (!resuming) plan.CheckWarmStart(o);
        var init = resuming || o.InitialValues is null ? null : InitialPoint.Resolve(density, o.InitialValues);
        var start = resuming ? null : PathfinderStart.Run(density, o, cancellationToken);
        var chains = new System.Collections.Concurrent.ConcurrentQueue<ModelDensity<T>>();
        plan.Setup = k =>
        {
            var d = (ModelDensity<T>)density.ForThread();
            chains.Enqueue(d);
            return start is not null
                ? new ChainSetup(d, (q, x) => d.Constrain(q, x), start.Points[k], null, start.InverseMetric)
                : new ChainSetup(d, (q, x) => d.Constrain(q, x), init?.Theta, init?.Given);
        };
        plan.Finish = (results, state) =>
        {
            // A model that fell off the compiled path is reported, not silently slow (issue #16).
            string? compileFailure = chains.Where(d => !d.Compiled).Select(d => d.CompileFailure).FirstOrDefault(r => r is not null);
            // Re-run the model at each draw for its return value (generated quantities) and pointwise log-likelihood.
            return Workflow.GeneratedQuantities.Attach(model, observations, ToPosterior(columns, results, o, compileFailure, state), strict: false);
        };
        return plan;
    }

    /// <summary>How NUTS or HMC runs on a density given over ℝᵈ (columns <c>theta[1]</c> … <c>theta[d]</c>).</summary>
    internal static HamiltonianPlan PlanDensity(IDifferentiableDensity target, HamiltonianOptions o, double[]? initialPoint, bool resuming, CancellationToken cancellationToken)
    {
        string algorithm = o.Algorithm;
        if (target.Dimension <= 0) throw new ArgumentException($"{algorithm}: the target has dimension {target.Dimension}; it needs at least one coordinate.", nameof(target));
        if (initialPoint is not null && initialPoint.Length != target.Dimension)
            throw new ArgumentException($"{algorithm}: the initial point has {initialPoint.Length} coordinates; the target has {target.Dimension}.", nameof(initialPoint));
        if (initialPoint is not null && o.Pathfinder is not null)
            throw new ArgumentException($"{algorithm}: both an initial point and Pathfinder initialization are given; give one.", nameof(initialPoint));
        if (initialPoint is not null && o.WarmStart is not null && !resuming)
            throw new ArgumentException($"{algorithm}: both an initial point and WarmStart are given; give one way to initialize the chains.", nameof(HamiltonianOptions.WarmStart));
        var columns = Enumerable.Range(0, target.Dimension).Select(i => new PosteriorColumn($"theta[{i + 1}]", "theta", i)).ToList();
        var plan = new HamiltonianPlan(columns, target.Dimension);
        if (!resuming) plan.CheckWarmStart(o);
        var start = resuming ? null : PathfinderStart.Run(target, o, cancellationToken);
        plan.Setup = k => new ChainSetup(target.ForThread(), (q, x) => q.CopyTo(x, 0), start?.Points[k] ?? initialPoint, InverseMetric: start?.InverseMetric);
        plan.Finish = (results, state) => ToPosterior(columns, results, o, null, state);
        return plan;
    }

    // Cancelled after draws were kept: the rule on Infer (an InferenceCanceledException carrying them).
    private static Posterior Kept(Posterior posterior, string algorithm, CancellationToken cancellationToken) =>
        CancellationRule.Finish(posterior, cancellationToken, algorithm, $"the {posterior.Draws} draws per chain every chain reached");

    private static Posterior Hamiltonian(IDifferentiableDensity target, HamiltonianOptions o, double[]? initialPoint,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        string algorithm = o.Algorithm;
        o.Validate(algorithm);
        return UnnamedModelException.In(algorithm, () =>
        {
            var plan = PlanDensity(target, o, initialPoint, resuming: false, cancellationToken);
            var chains = HamiltonianRun.RunChains(plan.Setup, plan.Columns.Count, o, progress, cancellationToken);
            return Kept(plan.Finish(HamiltonianRun.Results(chains), plan.FinalState(o, chains)), algorithm, cancellationToken);
        });
    }

    private static Posterior ToPosterior(List<PosteriorColumn> columns, ChainResult[] results, HamiltonianOptions o, string? compileFailure = null, HamiltonianCheckpoint? state = null)
    {
        if (results[0].Draws.Length == 0)
            throw new OperationCanceledException($"{o.Algorithm}: cancelled before any chain kept a draw.");
        var statistics = results.Select(r => r.Statistics).ToArray();
        return new Posterior(columns, results.Select(r => r.Draws).ToArray(), statistics, o.DiagnosticTreeDepth, o.Sampler)
        {
            CompileFailure = compileFailure,
            SamplerState = state,
        };
    }
}
