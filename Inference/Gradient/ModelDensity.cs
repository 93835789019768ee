using Probabilistic.Compilation;
using Probabilistic.Interpretation;
using Probabilistic.Numerics;

namespace Probabilistic.Inference;

/// <summary>
/// A model's posterior density over its continuous choices as a function of the unconstrained vector θ:
/// each choice's support is mapped onto ℝᵈ by its bijector, log |det J| is added, and the gradient comes
/// from the reverse-mode <see cref="Tape"/> (Stan Reference Manual, "Constraint transforms"; Carpenter et al.
/// 2017, "Stan: A probabilistic programming language", §3). Conditioned choices — observed data, or values of
/// other choices fixed by Gibbs — are scored at their given value. The structure (which choices, in which
/// order, of which dimension) is discovered by one prior run; an evaluation that visits a different address
/// set throws a <see cref="ModelException"/> naming the address.
/// </summary>
/// <typeparam name="T">The model's return type.</typeparam>
/// <remarks>
/// A distribution that rejects its parameters (an <see cref="ArgumentException"/> from its constructor, e.g.
/// a scale that underflowed to 0) makes the density −∞ at that θ, as Stan rejects a proposal whose log
/// density throws a domain error; <see cref="LastRejection"/> keeps the message.
/// Each instance owns a tape: use one per thread (<see cref="ForThread"/>).
/// </remarks>
public sealed class ModelDensity<T> : IDifferentiableDensity, IRejectionSource
{
    private readonly Model<T> _model;
    private readonly ChoiceMap _conditions;
    private readonly string? _algorithm;
    private readonly ParameterBlock[] _blocks;
    private readonly DensityHandler _handler;
    private readonly Real[] _constants;
    private readonly ReplayedGradient _replay;
    private readonly ICompiledDensity? _generated;
    private readonly ICompiledGradient? _gradient;
    private Real[]? _diagnosticTheta;
    private bool _diagnosisPending;
    private string? _lastRejection, _lastZeroDensityObservation;

    private ModelDensity(Model<T> model, ChoiceMap conditions, string? algorithm, ParameterBlock[] blocks, bool compile, ICompiledDensity? generated, ICompiledGradient? gradient)
    {
        _model = model;
        _generated = generated;
        _gradient = gradient;
        _conditions = conditions;
        _algorithm = algorithm;
        _blocks = blocks;
        _handler = new DensityHandler(conditions);
        Dimension = blocks.Length == 0 ? 0 : blocks[^1].Offset + blocks[^1].UnconstrainedLength;
        ConstrainedDimension = blocks.Length == 0 ? 0 : blocks[^1].ConstrainedOffset + blocks[^1].ConstrainedLength;
        _constants = new Real[Dimension];
        _replay = new ReplayedGradient(RunOnTape, Dimension, compile, compileInfinite: true);
    }

    /// <summary>
    /// Discovers the continuous choices of <paramref name="model"/> not named in <paramref name="conditions"/>
    /// by one run with choices drawn from the prior (generator seeded with <paramref name="seed"/>).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="conditions">Values of choices to condition on (observed data; choices fixed by Gibbs); null for none.</param>
    /// <param name="seed">Seeds the discovery run's prior draws.</param>
    /// <param name="compile">Record the tape of one evaluation and replay it on later ones (see <see cref="Compiled"/>).</param>
    /// <exception cref="ModelException">The model has no continuous choice to sample, an unconditioned choice is
    /// discrete, or <paramref name="conditions"/> names an address the model never visits. Its message starts with
    /// "ModelDensity:"; the same errors raised while an <see cref="Infer"/> entry point runs the density start with that
    /// entry point's name.</exception>
    /// <param name="interpreted">Run the model interpreted even when it carries a generated density (see <see cref="Generated"/>).</param>
    /// <param name="generatedGradient">Use the generated gradient where the model has one (see <see cref="GeneratedGradient"/>);
    /// false keeps the gradients on the (compiled) tape of the generated density.</param>
    public static ModelDensity<T> Create(Model<T> model, ChoiceMap? conditions = null, ulong seed = 0, bool compile = true, bool interpreted = false, bool generatedGradient = true) =>
        Create(model, conditions, seed, compile, nameof(ModelDensity<T>), interpreted, generatedGradient);

    /// <summary>
    /// As <see cref="Create(Model{T}, ChoiceMap?, ulong, bool, bool, bool)"/>, for code that uses the density on its own and names
    /// its errors <paramref name="algorithm"/> (an autoguide: "AutoNormal").
    /// </summary>
    internal static ModelDensity<T> Create(Model<T> model, ChoiceMap? conditions, string algorithm, ulong seed = 0, bool compile = true) =>
        Create(model, conditions, seed, compile, (string?)algorithm, interpreted: false, generatedGradient: true);

    /// <summary>
    /// The density of an <see cref="Infer"/> entry point: its model errors are raised unnamed
    /// (<see cref="UnnamedModelException"/>) for the entry point, which alone knows its name, to name them.
    /// </summary>
    internal static ModelDensity<T> ForEntryPoint(Model<T> model, ChoiceMap? conditions, ulong seed, bool compile = true, bool interpreted = false, bool generatedGradient = true) =>
        Create(model, conditions, seed, compile, null, interpreted, generatedGradient);

    private static ModelDensity<T> Create(Model<T> model, ChoiceMap? conditions, ulong seed, bool compile, string? algorithm, bool interpreted, bool generatedGradient)
    {
        ArgumentNullException.ThrowIfNull(model);
        conditions ??= ChoiceMap.Empty;
        var handler = new DensityHandler(conditions);
        handler.BeginDiscovery(new Rng(seed));
        var m = new Machine(handler);
        try
        {
            m.Start(model);
            m.Run();
        }
        catch (UnnamedModelException e) when (algorithm is not null)
        {
            throw e.Named(algorithm);
        }
        CheckConditionsVisited(algorithm, conditions, handler.ConditionsVisited);
        var blocks = handler.Discovered.ToArray();
        if (blocks.Length == 0)
            throw UnnamedModelException.For(algorithm, "the model has no unobserved continuous choice, so there is nothing for a gradient-based sampler to sample.");
        var generated = interpreted ? null : GeneratedDensity(model, conditions, blocks);
        return new ModelDensity<T>(model, conditions, algorithm, blocks, compile, generated, generatedGradient ? generated as ICompiledGradient : null);
    }

    /// <summary>
    /// The generated density of the model's <see cref="CompiledAttribute"/> twin when it has one and it lays θ out as the
    /// interpreter discovered it (the same addresses in the same order, one scalar coordinate each), with nothing
    /// conditioned (conditions — Gibbs's fixed values, observed addresses — are the interpreter's); otherwise null.
    /// </summary>
    private static ICompiledDensity? GeneratedDensity(Model<T> model, ChoiceMap conditions, ParameterBlock[] blocks)
    {
        if (conditions.Count != 0 || !CompiledModels.TryGetTwin(model, out var twin) || twin.CreateDensity() is not { } generated) return null;
        var addresses = generated.Addresses();
        if (addresses.Count != blocks.Length) return null;
        for (int i = 0; i < blocks.Length; i++)
            if (blocks[i].IsVector || blocks[i].UnconstrainedLength != 1 || blocks[i].Address != addresses[i]) return null;
        return generated;
    }

    /// <summary>The name this density's model errors carry, or null when the entry point that runs it names them.</summary>
    internal string? Algorithm => _algorithm;

    // The name of its errors about buffer sizes, which concern this type's own API.
    private string Name => _algorithm ?? nameof(ModelDensity<T>);

    /// <summary>d, the number of unconstrained coordinates.</summary>
    public int Dimension { get; }

    /// <summary>The number of constrained coordinates (columns of a posterior).</summary>
    public int ConstrainedDimension { get; }

    /// <summary>The continuous choices, in visiting order, with their coordinates in θ.</summary>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>The choices conditioned on.</summary>
    public ChoiceMap Conditions => _conditions;

    /// <summary>The message of the last distribution that rejected its parameters (the density was −∞ there), or null.</summary>
    /// <remarks>With a generated density, the interpreter runs at the rejected θ when this is first read, for its message.</remarks>
    public string? LastRejection
    {
        get
        {
            Diagnose();
            return _lastRejection;
        }
        private set => _lastRejection = value;
    }

    /// <inheritdoc />
    public string? LastZeroDensityObservation
    {
        get
        {
            Diagnose();
            return _lastZeroDensityObservation;
        }
        private set => _lastZeroDensityObservation = value;
    }

    /// <summary>Stan-style names of the constrained coordinates, block after block (<c>mu</c>, <c>theta[1]</c>, …).</summary>
    public IReadOnlyList<string> ColumnNames()
    {
        var names = new List<string>(ConstrainedDimension);
        foreach (var b in _blocks)
            for (int i = 0; i < b.ConstrainedLength; i++) names.Add(b.ColumnName(i));
        return names;
    }

    /// <summary>
    /// True when evaluations replay a compiled tape (<see cref="TapeProgram"/>) instead of re-running the model:
    /// the first evaluation with a finite density records its tape; later ones replay it, and a replay whose
    /// guard (a comparison of tape values) comes out differently re-runs the model, checks its structure and
    /// records again. A model whose tape cannot be compiled (an operation without replay code) is re-run every
    /// time; <see cref="CompileFailure"/> says why. Branches on <see cref="Real.Value"/> are invisible to the
    /// guards: such models must be created with <c>compile: false</c> (or call <see cref="Tape.MarkNotReplayable"/>).
    /// </summary>
    public bool Compiled => _replay.Compiled;

    /// <summary>
    /// True when evaluations run the model's generated log density (<see cref="ICompiledDensity"/>, from its
    /// <see cref="CompiledAttribute"/> twin) instead of the interpreter: the same coordinates, values and tape. The tape it
    /// records is compiled as the interpreter's would be; where it cannot be, each gradient re-runs the generated code.
    /// </summary>
    public bool Generated => _generated is not null;

    /// <summary>
    /// True when gradients run the model's generated reverse-mode gradient over <c>double</c> (<see cref="ICompiledGradient"/>:
    /// no tape) — a generated density whose every operation the generator differentiates. Where it declines a point (a
    /// non-finite value, a parameter out of its domain) the taped density runs there, for its value and messages; the
    /// tape (<see cref="Compiled"/>, <see cref="Counts"/>) counts only those evaluations.
    /// </summary>
    public bool GeneratedGradient => _gradient is not null;

    /// <summary>Why the last attempt to compile the tape failed, or null.</summary>
    public string? CompileFailure => _replay.CompileFailure;

    /// <summary>Evaluations so far, how many replayed the compiled tape, and how many replays a guard sent back to the model.</summary>
    public (long Evaluations, long Replays, long GuardFailures) Counts => _replay.Counts;

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        CheckLength(theta, nameof(theta));
        if (gradient.Length != Dimension)
            throw new ArgumentException($"{Name}: the gradient buffer has {gradient.Length} coordinates; the density has {Dimension}.", nameof(gradient));
        if (_gradient is not null && _gradient.TryLogDensityGradient(theta, gradient, out double logDensity))
        {
            LastZeroDensityObservation = null;
            return logDensity;
        }
        return _replay.LogDensityGradient(theta, gradient);
    }

    /// <summary>log p(θ) without its gradient.</summary>
    public double LogDensity(ReadOnlySpan<double> theta)
    {
        CheckLength(theta, nameof(theta));
        for (int i = 0; i < theta.Length; i++) _constants[i] = theta[i];
        return TryRun(_constants, null, out var logp) ? logp.Value : double.NegativeInfinity;
    }

    /// <summary>Maps θ to the constrained values of the choices (block after block, as <see cref="ColumnNames"/>).</summary>
    /// <exception cref="ModelException">A distribution rejected its parameters at θ.</exception>
    public void Constrain(ReadOnlySpan<double> theta, Span<double> constrained)
    {
        CheckLength(theta, nameof(theta));
        if (constrained.Length != ConstrainedDimension)
            throw new ArgumentException($"{Name}: the constrained buffer has {constrained.Length} coordinates; the model has {ConstrainedDimension}.", nameof(constrained));
        for (int i = 0; i < theta.Length; i++) _constants[i] = theta[i];
        var buffer = new double[ConstrainedDimension];
        if (!TryRun(_constants, buffer, out _))
            throw UnnamedModelException.For(_algorithm, $"the model rejected its parameters at this θ: {LastRejection}");
        buffer.CopyTo(constrained);
    }

    /// <summary>θ for given constrained values of every block's choice (the inverse of <see cref="Constrain"/>).</summary>
    /// <exception cref="ModelException">A block's address has no value in <paramref name="values"/>, or the value has the wrong type or length.</exception>
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
        // The generated gradient's workspace is per thread; the generated density keeps none.
        var copy = new ModelDensity<T>(_model, _conditions, _algorithm, _blocks, _replay.Compiling, _generated, _gradient?.ForThread());
        copy._replay.ReplayCopyOf(_replay);
        return copy;
    }

    private bool RunOnTape(Real[] theta, out Real logp) => TryRun(theta, null, out logp);

    private bool TryRun(Real[] theta, double[]? constrained, out Real logp) =>
        _generated is null ? TryInterpret(theta, constrained, out logp) : TryGenerated(_generated, theta, constrained, out logp);

    // The generated density. Where it is −∞ (a rejected parameter, an observation of density zero) the messages that the
    // interpreter leaves (LastRejection, LastZeroDensityObservation) are made when first read (Diagnose), so a sampler that
    // meets many rejections pays for the interpreter only if it reports one. Where the generated code throws anything else
    // (a model error: a non-finite datum, a null distribution, a negative size), the interpreter runs at once at the same θ
    // to raise its own exception, with its address and wording.
    private bool TryGenerated(ICompiledDensity generated, Real[] theta, double[]? constrained, out Real logp)
    {
        _diagnosisPending = false;
        bool rejected;
        try
        {
            logp = generated.LogDensity(theta, constrained);
            if (!double.IsNegativeInfinity(logp.Value))
            {
                LastZeroDensityObservation = null;
                return true;
            }
            rejected = false;
        }
        catch (ArgumentException)
        {
            logp = double.NegativeInfinity;
            rejected = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var at = KeepForDiagnosis(theta);
            bool ok = TryInterpret(at, null, out var interpreted);
            if (ok && !double.IsNegativeInfinity(interpreted.Value))
                throw new InvalidOperationException($"{Name}: the generated density threw where the interpreted model's density is {interpreted.Value}; please report this compiler bug.", e);
            logp = double.NegativeInfinity;
            return ok;
        }
        KeepForDiagnosis(theta);
        _diagnosisPending = true;
        return !rejected;
    }

    private Real[] KeepForDiagnosis(Real[] theta)
    {
        var constants = _diagnosticTheta ??= new Real[Dimension];
        for (int i = 0; i < theta.Length; i++) constants[i] = theta[i].Value;
        return constants;
    }

    // Runs the interpreter at the θ where the generated density was −∞, for its messages; a finite interpreted density
    // there is a compiler bug.
    private void Diagnose()
    {
        if (!_diagnosisPending) return;
        _diagnosisPending = false;
        bool ok = TryInterpret(_diagnosticTheta!, null, out var interpreted);
        if (ok && !double.IsNegativeInfinity(interpreted.Value))
            throw new InvalidOperationException($"{Name}: the generated density is −∞ where the interpreted model's is {interpreted.Value}; please report this compiler bug.");
    }

    private bool TryInterpret(Real[] theta, double[]? constrained, out Real logp)
    {
        _handler.BeginEvaluation(_blocks, theta, constrained);
        var m = new Machine(_handler);
        try
        {
            m.Start(_model);
            m.Run();
            LastZeroDensityObservation = _handler.ZeroDensityObservation;
            _handler.EndEvaluation();
        }
        catch (ArgumentException e)
        {
            LastRejection = e.Message;
            LastZeroDensityObservation = _handler.ZeroDensityObservation;
            logp = double.NegativeInfinity;
            return false;
        }
        catch (UnnamedModelException e) when (_algorithm is not null)
        {
            throw e.Named(_algorithm); // used on its own: its own name (under an entry point, the entry point names it)
        }
        CheckConditionsVisited(_algorithm, _conditions, _handler.ConditionsVisited);
        logp = _handler.LogDensity;
        return true;
    }

    private void CheckLength(ReadOnlySpan<double> theta, string name)
    {
        if (theta.Length != Dimension)
            throw new ArgumentException($"{Name}: θ has {theta.Length} coordinates; the density has {Dimension}.", name);
    }

    private static void CheckConditionsVisited(string? algorithm, ChoiceMap conditions, int visited)
    {
        if (visited == conditions.Count) return;
        throw UnnamedModelException.For(algorithm, $"the conditions name {conditions.Count} choices but the model visited {visited} of them; " +
            $"check the addresses ({string.Join(", ", conditions.Addresses.Take(5).Select(a => $"'{a}'"))}{(conditions.Count > 5 ? ", …" : "")}).");
    }
}
