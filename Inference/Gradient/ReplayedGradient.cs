using Probabilistic.Numerics;

namespace Probabilistic.Inference;

/// <summary>
/// The gradient of a density computed by running a model on reverse-mode <see cref="Real"/> inputs, with the run's
/// tape compiled to a <see cref="TapeProgram"/> and replayed on later evaluations: the first run with a density on the
/// tape records it; later evaluations replay it, and a replay whose guard comes out differently runs the model again
/// and records anew. A recording that fails to compile is retried at most 20 times in a
/// row; a model whose guards fail on most replays stops being replayed. Shared by <see cref="ModelDensity{T}"/> and
/// <see cref="EnumeratedDensity{T}"/>, which supply the run. Owns a tape: one instance per thread.
/// </summary>
internal sealed class ReplayedGradient
{
    /// <summary>Runs the model with its unconstrained coordinates set to <paramref name="theta"/>.</summary>
    /// <param name="theta">The coordinates, variables on the tape.</param>
    /// <param name="logp">The log density (on the tape unless it does not depend on θ).</param>
    /// <returns>False when a distribution rejected its parameters (the density is −∞).</returns>
    public delegate bool Run(Real[] theta, out Real logp);

    // Attempts to compile before giving up: a recording can fail transiently (a non-finite density at that θ),
    // or permanently (an operation without replay code); a few retries cover the first kind.
    private const int MaxCompileAttempts = 20;

    private readonly Run _run;
    private readonly bool _compileInfinite;
    private readonly Tape _tape = new();
    private readonly Real[] _variables;
    private bool _compile;
    private TapeProgram? _program;
    private int _compileAttempts;
    private long _evaluations, _replays, _guardFailures;

    /// <param name="run">The model run; stored once, so an evaluation allocates no delegate.</param>
    /// <param name="dimension">The number of unconstrained coordinates.</param>
    /// <param name="compile">Whether to record and replay the tape at all.</param>
    /// <param name="compileInfinite">Whether a run whose density is ±∞ may be compiled (otherwise only finite ones are).</param>
    public ReplayedGradient(Run run, int dimension, bool compile, bool compileInfinite)
    {
        _run = run;
        _variables = new Real[dimension];
        _compile = compile;
        _compileInfinite = compileInfinite;
    }

    /// <summary>Whether evaluations still record the tape to compile it (false once replay was given up).</summary>
    public bool Compiling => _compile;

    /// <summary>True when evaluations replay a compiled tape.</summary>
    public bool Compiled => _program is not null;

    /// <summary>Why the last attempt to compile the tape failed, or null.</summary>
    public string? CompileFailure { get; private set; }

    /// <summary>Evaluations so far, how many replayed the compiled tape, and how many replays a guard sent back to the model.</summary>
    public (long Evaluations, long Replays, long GuardFailures) Counts => (_evaluations, _replays, _guardFailures);

    /// <summary>Starts this instance (a fresh one for another thread) from a copy of <paramref name="origin"/>'s compiled tape.</summary>
    public void ReplayCopyOf(ReplayedGradient origin) => _program = origin._program?.Clone();

    /// <summary>log p(θ), with its gradient written to <paramref name="gradient"/> (lengths checked by the caller).</summary>
    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
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
            ok = _run(_variables, out logp);
            if (record && ok && logp.Tape is not null && (_compileInfinite || !double.IsInfinity(logp.Value)))
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
}
