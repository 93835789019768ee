using Probabilistic.Distributions;
using Probabilistic.Inference.Enumeration;
using Probabilistic.Interpretation;
using Probabilistic.Numerics;

namespace Probabilistic.Inference;

/// <summary>
/// A model's posterior density over its continuous choices with every unobserved discrete choice of finite support
/// summed out by enumeration, as a function of the unconstrained vector θ: what NUTS runs on for models with discrete
/// latents (Pyro's <c>TraceEnum_ELBO</c> and NumPyro's enumerated NUTS; Obermeyer et al. 2019, "Tensor variable
/// elimination for plated factor graphs"). The sums follow the model's structure (see the remarks), so they cost
/// what a hand-marginalized model costs, and they are recorded on the tape as log-sum-exp nodes: the density is exact
/// and differentiable, and its recording compiles to a <see cref="TapeProgram"/> as <see cref="ModelDensity{T}"/>'s does.
/// The discrete choices' posterior given θ is recovered by <see cref="SampleDiscrete"/> (Pyro's <c>infer_discrete</c>).
/// </summary>
/// <typeparam name="T">The model's return type.</typeparam>
/// <remarks>
/// Structures summed efficiently:
/// <list type="bullet">
/// <item>choices inside an element of a <c>Plate</c>: summed where the element ends (cost linear in the plate size);
/// the element's return value must not depend on them;</item>
/// <item>choices inside the steps of a named <c>Fold</c>: summed per value of the state at each step's end, the
/// forward algorithm (cost O(T·K²)); the state must be the discrete value the next step depends on;</item>
/// <item>choices outside every plate and fold: summed over the rest of the model (a change point: O(N) branches).</item>
/// </list>
/// Choices enumerated jointly in one element, step or top level beyond 16,384 combinations, or a fold state with
/// more than 1,024 values, are errors naming the address and the structure. Discrete choices of unbounded support
/// (Poisson latents) are errors too: condition on them or sample them (Infer.Mh, Infer.Smc).
/// A distribution that rejects its parameters makes the density −∞ there (<see cref="LastRejection"/>).
/// Each instance owns a tape: use one per thread (<see cref="ForThread"/>).
/// </remarks>
public sealed class EnumeratedDensity<T> : IDifferentiableDensity, IRejectionSource
{
    private readonly Model<T> _model;
    private readonly ChoiceMap _conditions;
    private readonly string? _algorithm;
    private readonly ParameterBlock[] _blocks;
    private readonly Address[] _discrete;
    private readonly Dictionary<Address, int> _blockIndex = [];
    private readonly EnumerationHandler _handler;
    private readonly Enumerator _enumerator;
    private readonly Real[] _constants;
    private readonly ReplayedGradient _replay;

    private EnumeratedDensity(Model<T> model, ChoiceMap conditions, string? algorithm, ParameterBlock[] blocks, Address[] discrete, bool compile)
    {
        _model = model;
        _conditions = conditions;
        _algorithm = algorithm;
        _blocks = blocks;
        _discrete = discrete;
        for (int i = 0; i < blocks.Length; i++) _blockIndex[blocks[i].Address] = i;
        _handler = new EnumerationHandler(conditions);
        _enumerator = new Enumerator(_handler);
        Dimension = blocks.Length == 0 ? 0 : blocks[^1].Offset + blocks[^1].UnconstrainedLength;
        ConstrainedDimension = blocks.Length == 0 ? 0 : blocks[^1].ConstrainedOffset + blocks[^1].ConstrainedLength;
        _constants = new Real[Dimension];
        _replay = new ReplayedGradient(RunOnTape, Dimension, compile, compileInfinite: false);
    }

    /// <summary>
    /// Discovers the continuous choices of <paramref name="model"/> not named in <paramref name="conditions"/>, and its
    /// discrete choices to enumerate, by one enumerated run with the continuous choices drawn from the prior.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="conditions">Values of choices to condition on (observed data); null for none.</param>
    /// <param name="seed">Seeds the discovery run's prior draws.</param>
    /// <param name="compile">Record the tape of one evaluation and replay it on later ones (see <see cref="Compiled"/>).</param>
    /// <exception cref="ModelException">The model has no unobserved continuous choice, a discrete choice has an unbounded
    /// support, its enumeration would be exponential, or <paramref name="conditions"/> names an address the model never visits.
    /// Its message starts with "EnumeratedDensity:"; the same errors raised while <see cref="Infer"/>'s NUTS or HMC runs
    /// the density start with that entry point's name.</exception>
    public static EnumeratedDensity<T> Create(Model<T> model, ChoiceMap? conditions = null, ulong seed = 0, bool compile = true) =>
        Create(model, conditions, seed, compile, nameof(EnumeratedDensity<T>));

    /// <summary>
    /// The density of an <see cref="Infer"/> entry point: its model errors are raised unnamed
    /// (<see cref="UnnamedModelException"/>) for the entry point, which alone knows its name, to name them.
    /// </summary>
    internal static EnumeratedDensity<T> ForEntryPoint(Model<T> model, ChoiceMap? conditions, ulong seed) => Create(model, conditions, seed, true, null);

    private static EnumeratedDensity<T> Create(Model<T> model, ChoiceMap? conditions, ulong seed, bool compile, string? algorithm)
    {
        ArgumentNullException.ThrowIfNull(model);
        conditions ??= ChoiceMap.Empty;
        var handler = new EnumerationHandler(conditions);
        handler.BeginDiscovery(new Rng(seed));
        try
        {
            new Enumerator(handler).Run(model);
        }
        catch (ImpossibleException)
        {
            // Every branch is impossible at the prior draw: the structure was still discovered.
        }
        catch (UnnamedModelException e) when (algorithm is not null)
        {
            throw e.Named(algorithm);
        }
        if (handler.ConditionsVisited != conditions.Count)
            throw UnnamedModelException.For(algorithm, $"the conditions name {conditions.Count} choices but the model visited {handler.ConditionsVisited} of them; " +
                $"check the addresses ({string.Join(", ", conditions.Addresses.Take(5).Select(a => $"'{a}'"))}{(conditions.Count > 5 ? ", …" : "")}).");
        var blocks = handler.Discovered.ToArray();
        if (blocks.Length == 0)
            throw UnnamedModelException.For(algorithm, "the model has no unobserved continuous choice, so there is nothing for a gradient-based sampler to sample; " +
                "a model whose choices are all finite and discrete is solved exactly by Infer.Enumerate.");
        return new EnumeratedDensity<T>(model, conditions, algorithm, blocks, handler.DiscreteAddresses.ToArray(), compile);
    }

    /// <summary>True when a run of <paramref name="model"/> from its prior (given <paramref name="conditions"/>) makes an
    /// unobserved discrete choice (an int or bool, or of finite support): the models NUTS runs with enumeration (where a
    /// discrete choice of unbounded support is an error naming it).</summary>
    public static bool HasEnumerableChoices(Model<T> model, ChoiceMap? conditions = null, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        conditions ??= ChoiceMap.Empty;
        var (trace, _) = model.Generate(conditions, new Rng(seed));
        foreach (var c in trace.ChoiceRecords)
            if (!conditions.Contains(c.Address) && (c is Choice<int> or Choice<bool> || IsFinite(c.Distribution))) return true;
        return false;
    }

    private static bool IsFinite(object distribution) =>
        distribution.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IFiniteDistribution<>));

    /// <summary>d, the number of unconstrained coordinates.</summary>
    public int Dimension { get; }

    /// <summary>The number of constrained coordinates of the continuous choices.</summary>
    public int ConstrainedDimension { get; }

    /// <summary>The continuous choices, in first-visit order, with their coordinates in θ.</summary>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>The enumerated discrete choices, in first-visit order (the columns <see cref="SampleDiscrete"/> fills).</summary>
    public IReadOnlyList<Address> DiscreteAddresses => _discrete;

    /// <summary>The choices conditioned on.</summary>
    public ChoiceMap Conditions => _conditions;

    /// <summary>The message of the last distribution that rejected its parameters (the density was −∞ there), or null.</summary>
    public string? LastRejection { get; private set; }

    /// <summary>True when evaluations replay a compiled tape (as <see cref="ModelDensity{T}.Compiled"/>).</summary>
    public bool Compiled => _replay.Compiled;

    /// <summary>Why the last attempt to compile the tape failed, or null.</summary>
    public string? CompileFailure => _replay.CompileFailure;

    /// <summary>Evaluations so far, how many replayed the compiled tape, and how many replays a guard sent back to the model.</summary>
    public (long Evaluations, long Replays, long GuardFailures) Counts => _replay.Counts;

    /// <summary>Stan-style names of the constrained coordinates of the continuous choices.</summary>
    public IReadOnlyList<string> ColumnNames()
    {
        var names = new List<string>(ConstrainedDimension);
        foreach (var b in _blocks)
            for (int i = 0; i < b.ConstrainedLength; i++) names.Add(b.ColumnName(i));
        return names;
    }

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        CheckLength(theta, nameof(theta));
        if (gradient.Length != Dimension)
            throw new ArgumentException($"{Name}: the gradient buffer has {gradient.Length} coordinates; the density has {Dimension}.", nameof(gradient));
        return _replay.LogDensityGradient(theta, gradient);
    }

    /// <summary>log p(θ) (the discrete choices summed out) without its gradient.</summary>
    public double LogDensity(ReadOnlySpan<double> theta)
    {
        CheckLength(theta, nameof(theta));
        for (int i = 0; i < theta.Length; i++) _constants[i] = theta[i];
        return TryRun(_constants, null, out var logp, out _) ? logp.Value : double.NegativeInfinity;
    }

    /// <summary>Maps θ to the constrained values of the continuous choices (block after block, as <see cref="ColumnNames"/>)
    /// through their supports' bijectors, without running the model.</summary>
    public void Constrain(ReadOnlySpan<double> theta, Span<double> constrained)
    {
        CheckLength(theta, nameof(theta));
        if (constrained.Length != ConstrainedDimension)
            throw new ArgumentException($"{Name}: the constrained buffer has {constrained.Length} coordinates; the model has {ConstrainedDimension}.", nameof(constrained));
        for (int i = 0; i < theta.Length; i++) _constants[i] = theta[i];
        foreach (var b in _blocks)
        {
            var x = new Real[b.ConstrainedLength];
            b.Support.Bijector.Forward(_constants.AsSpan(b.Offset, b.UnconstrainedLength), x);
            for (int i = 0; i < x.Length; i++) constrained[b.ConstrainedOffset + i] = x[i].Value;
        }
    }

    /// <summary>
    /// Draws the enumerated discrete choices from their exact conditional distribution given θ and the data
    /// (Pyro's <c>infer_discrete</c> with temperature 1): backward sampling through the sums of an enumerated run
    /// (along a fold, forward filtering backward sampling). Returns one value per address the drawn execution visits.
    /// </summary>
    /// <exception cref="ModelException">θ has probability zero, or a distribution rejected its parameters there.</exception>
    public IReadOnlyDictionary<Address, object> SampleDiscrete(ReadOnlySpan<double> theta, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckLength(theta, nameof(theta));
        for (int i = 0; i < theta.Length; i++) _constants[i] = theta[i];
        _enumerator.Sampling = true;
        try
        {
            if (!TryRun(_constants, null, out var logp, out var trail) || double.IsNegativeInfinity(logp.Value))
                throw UnnamedModelException.For(_algorithm, $"the density is zero at this θ{(LastRejection is null ? "" : $" ({LastRejection})")}, so the discrete choices have no conditional distribution there.");
            return Enumerator.SampleTrail(trail, rng);
        }
        finally
        {
            _enumerator.Sampling = false;
        }
    }

    /// <summary>θ for given constrained values of every continuous choice.</summary>
    /// <exception cref="ModelException">A block's address has no value in <paramref name="values"/>, or the value has the wrong type, length or support.</exception>
    public double[] Unconstrain(ChoiceMap values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var theta = new double[Dimension];
        foreach (var b in _blocks)
        {
            if (!values.TryGetValue(b.Address, out var v))
                throw UnnamedModelException.For(_algorithm, $"the initial values have no value for the continuous choice '{b.Address}'.", b.Address);
            try
            {
                b.Unconstrain(v, theta.AsSpan(b.Offset, b.UnconstrainedLength));
            }
            catch (UnnamedModelException e) when (_algorithm is not null)
            {
                throw e.Named(_algorithm);
            }
        }
        return theta;
    }

    /// <inheritdoc />
    public IDifferentiableDensity ForThread()
    {
        var copy = new EnumeratedDensity<T>(_model, _conditions, _algorithm, _blocks, _discrete, _replay.Compiling);
        copy._replay.ReplayCopyOf(_replay);
        return copy;
    }

    private bool RunOnTape(Real[] theta, out Real logp) => TryRun(theta, null, out logp, out _);

    private bool TryRun(Real[] theta, double[]? constrained, out Real logp, out Trail? trail)
    {
        _handler.BeginEvaluation(_blocks, _blockIndex, theta, constrained);
        trail = null;
        try
        {
            (logp, trail) = _enumerator.Run(_model);
            _handler.EndEvaluation();
        }
        catch (ArgumentException e)
        {
            LastRejection = e.Message;
            logp = double.NegativeInfinity;
            return false;
        }
        catch (ImpossibleException)
        {
            logp = double.NegativeInfinity;
            return true;
        }
        catch (UnnamedModelException e) when (_algorithm is not null)
        {
            throw e.Named(_algorithm); // used on its own: its own name (under an entry point, the entry point names it)
        }
        logp += _handler.LogJacobian;
        return true;
    }

    // The name of its errors about buffer sizes, which concern this type's own API.
    private string Name => _algorithm ?? nameof(EnumeratedDensity<T>);

    private void CheckLength(ReadOnlySpan<double> theta, string name)
    {
        if (theta.Length != Dimension)
            throw new ArgumentException($"{Name}: θ has {theta.Length} coordinates; the density has {Dimension}.", name);
    }
}
