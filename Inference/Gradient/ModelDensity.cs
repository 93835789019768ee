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
    private readonly string _algorithm;
    private readonly ParameterBlock[] _blocks;
    private readonly DensityHandler _handler;
    private readonly Tape _tape = new();
    private readonly Real[] _variables;
    private readonly Real[] _constants;
    private bool _compile;
    private TapeProgram? _program;
    private int _compileAttempts;
    private long _evaluations, _replays, _guardFailures;

    private ModelDensity(Model<T> model, ChoiceMap conditions, string algorithm, ParameterBlock[] blocks, bool compile)
    {
        _compile = compile;
        _model = model;
        _conditions = conditions;
        _algorithm = algorithm;
        _blocks = blocks;
        _handler = new DensityHandler(conditions, algorithm);
        Dimension = blocks.Length == 0 ? 0 : blocks[^1].Offset + blocks[^1].UnconstrainedLength;
        ConstrainedDimension = blocks.Length == 0 ? 0 : blocks[^1].ConstrainedOffset + blocks[^1].ConstrainedLength;
        _variables = new Real[Dimension];
        _constants = new Real[Dimension];
    }

    /// <summary>
    /// Discovers the continuous choices of <paramref name="model"/> not named in <paramref name="conditions"/>
    /// by one run with choices drawn from the prior (generator seeded with <paramref name="seed"/>).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="conditions">Values of choices to condition on (observed data; choices fixed by Gibbs); null for none.</param>
    /// <param name="seed">Seeds the discovery run's prior draws.</param>
    /// <param name="algorithm">The name used in error messages (e.g. "Nuts").</param>
    /// <param name="compile">Record the tape of one evaluation and replay it on later ones (see <see cref="Compiled"/>).</param>
    /// <exception cref="ModelException">The model has no continuous choice to sample, an unconditioned choice is
    /// discrete, or <paramref name="conditions"/> names an address the model never visits.</exception>
    public static ModelDensity<T> Create(Model<T> model, ChoiceMap? conditions = null, ulong seed = 0, string algorithm = "ModelDensity", bool compile = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        conditions ??= ChoiceMap.Empty;
        var handler = new DensityHandler(conditions, algorithm);
        handler.BeginDiscovery(new Rng(seed));
        var m = new Machine(handler);
        m.Start(model);
        m.Run();
        CheckConditionsVisited(algorithm, conditions, handler.ConditionsVisited);
        var blocks = handler.Discovered.ToArray();
        if (blocks.Length == 0)
            throw new ModelException($"{algorithm}: the model has no unobserved continuous choice, so there is nothing for a gradient-based sampler to sample.");
        return new ModelDensity<T>(model, conditions, algorithm, blocks, compile);
    }

    /// <summary>d, the number of unconstrained coordinates.</summary>
    public int Dimension { get; }

    /// <summary>The number of constrained coordinates (columns of a posterior).</summary>
    public int ConstrainedDimension { get; }

    /// <summary>The continuous choices, in visiting order, with their coordinates in θ.</summary>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>The choices conditioned on.</summary>
    public ChoiceMap Conditions => _conditions;

    /// <summary>The message of the last distribution that rejected its parameters (the density was −∞ there), or null.</summary>
    public string? LastRejection { get; private set; }

    /// <inheritdoc />
    public string? LastZeroDensityObservation { get; private set; }

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
    public bool Compiled => _program is not null;

    /// <summary>Why the last attempt to compile the tape failed, or null.</summary>
    public string? CompileFailure { get; private set; }

    /// <summary>Evaluations so far, how many replayed the compiled tape, and how many replays a guard sent back to the model.</summary>
    public (long Evaluations, long Replays, long GuardFailures) Counts => (_evaluations, _replays, _guardFailures);

    // Attempts to compile before giving up: a recording can fail transiently (a non-finite density at that θ),
    // or permanently (an operation without replay code); a few retries cover the first kind.
    private const int MaxCompileAttempts = 20;

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        CheckLength(theta, nameof(theta));
        if (gradient.Length != Dimension)
            throw new ArgumentException($"{_algorithm}: the gradient buffer has {gradient.Length} coordinates; the density has {Dimension}.", nameof(gradient));
        _evaluations++;
        if (_program is not null)
        {
            if (_program.TryEvaluate(theta, gradient, out double value))
            {
                _replays++;
                return double.IsNaN(value) ? double.NegativeInfinity : value;
            }
            _guardFailures++;
            // A model whose branches flip on most evaluations gains nothing from replay: stop recording.
            if (_guardFailures > 100 && 2 * _guardFailures > _replays)
            {
                _compile = false;
                _program = null;
                CompileFailure = $"guards failed on {_guardFailures} of {_guardFailures + _replays} replays; the model's branches change too often to replay its tape";
            }
        }
        bool record = _compile && _compileAttempts < MaxCompileAttempts;
        if (record) _tape.StartRecording();
        else _tape.Clear();
        for (int i = 0; i < theta.Length; i++) _variables[i] = _tape.Variable(theta[i]);
        bool ok;
        Real logp;
        try
        {
            ok = TryRun(_variables, null, out logp);
            if (record && ok && logp.Tape is not null)
            {
                _compileAttempts++;
                _program = TapeProgram.Compile(_tape, _variables, logp, out var reason);
                CompileFailure = reason;
                if (_program is not null) _compileAttempts = 0; // a guard failure later may record again
            }
        }
        finally
        {
            // A model error (a changed address set) must not leave the tape recording.
            if (record) _tape.StopRecording();
        }
        if (!ok)
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        if (logp.Tape is null)
        {
            gradient.Clear();
            return logp.Value;
        }
        _tape.Gradient(logp);
        for (int i = 0; i < gradient.Length; i++) gradient[i] = _tape.Adjoint(_variables[i]);
        return logp.Value;
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
            throw new ArgumentException($"{_algorithm}: the constrained buffer has {constrained.Length} coordinates; the model has {ConstrainedDimension}.", nameof(constrained));
        for (int i = 0; i < theta.Length; i++) _constants[i] = theta[i];
        var buffer = new double[ConstrainedDimension];
        if (!TryRun(_constants, buffer, out _))
            throw new ModelException($"{_algorithm}: the model rejected its parameters at this θ: {LastRejection}");
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
                throw new ModelException($"{_algorithm}: the initial values have no value for the continuous choice '{b.Address}'.", b.Address);
            b.Unconstrain(v, theta.AsSpan(b.Offset, b.UnconstrainedLength), _algorithm);
        }
        return theta;
    }

    /// <inheritdoc />
    public IDifferentiableDensity ForThread() => new ModelDensity<T>(_model, _conditions, _algorithm, _blocks, _compile) { _program = _program?.Clone() };

    private bool TryRun(Real[] theta, double[]? constrained, out Real logp)
    {
        _handler.BeginEvaluation(_blocks, theta, constrained);
        var m = new Machine(_handler);
        try
        {
            m.Start(_model);
            m.Run();
        }
        catch (ArgumentException e)
        {
            LastRejection = e.Message;
            LastZeroDensityObservation = _handler.ZeroDensityObservation;
            logp = double.NegativeInfinity;
            return false;
        }
        LastZeroDensityObservation = _handler.ZeroDensityObservation;
        _handler.EndEvaluation();
        CheckConditionsVisited(_algorithm, _conditions, _handler.ConditionsVisited);
        logp = _handler.LogDensity;
        return true;
    }

    private void CheckLength(ReadOnlySpan<double> theta, string name)
    {
        if (theta.Length != Dimension)
            throw new ArgumentException($"{_algorithm}: θ has {theta.Length} coordinates; the density has {Dimension}.", name);
    }

    private static void CheckConditionsVisited(string algorithm, ChoiceMap conditions, int visited)
    {
        if (visited == conditions.Count) return;
        throw new ModelException($"{algorithm}: the conditions name {conditions.Count} choices but the model visited {visited} of them; " +
            $"check the addresses ({string.Join(", ", conditions.Addresses.Take(5).Select(a => $"'{a}'"))}{(conditions.Count > 5 ? ", …" : "")}).");
    }
}
