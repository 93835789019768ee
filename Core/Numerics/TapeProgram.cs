namespace Probabilistic.Numerics;

/// <summary>
/// A compiled tape: the operations a <see cref="Tape"/> recorded (<see cref="Tape.StartRecording"/>),
/// replayed on new inputs without re-running the code that recorded them — the value and the
/// gradient of the output, by a forward sweep that recomputes every node's value and local partials
/// and the same backward sweep as <see cref="Tape.Gradient(Real)"/> (ReverseDiff.jl's compiled
/// tapes, J. Revels et al., "Forward-mode automatic differentiation in Julia", arXiv:1607.07892, and
/// its <c>compile(GradientTape)</c>; Griewank &amp; Walther, <i>Evaluating Derivatives</i>, 2nd ed., §3.2).
/// </summary>
/// <remarks>
/// <para>
/// Replaying is valid for the inputs whose evaluation takes the same path as the recorded one. Each
/// comparison of tape values made while recording (the <see cref="Real"/> comparison operators,
/// <see cref="Real.CompareTo(Real)"/>, <see cref="Real.Equals(Real)"/>, <see cref="RealMath.Min"/>,
/// <see cref="RealMath.Max"/>) is a guard: when one comes out differently on the new inputs,
/// <see cref="TryEvaluate"/> returns false and the caller re-runs its code (and may record again).
/// Branches on <see cref="Real.Value"/> itself are <b>not</b> detected: code that takes them must call
/// <see cref="Tape.MarkNotReplayable"/> while recording, or must not be compiled.
/// </para>
/// <para>
/// Differences from re-running: a distribution's constructor checks (e.g. σ &gt; 0) do not run on
/// replay — the replayed density is NaN or ±∞ where the constructor would have thrown; a density
/// recorded outside its support (a constant −∞, with no node) stays −∞.
/// </para>
/// <para>
/// An instance holds its own work arrays: use one instance per thread (per chain); <see cref="Clone"/>
/// gives another that shares the immutable program. Evaluation allocates nothing.
/// </para>
/// </remarks>
public sealed partial class TapeProgram
{
    private struct Instruction
    {
        public ReplayOp Op;
        public int Operands; // first operand slot in _slots / _partials
        public int OperandCount;
        public int Constants; // first constant in _constants
        public int ConstantCount;
    }

    private struct GuardCheck
    {
        public Comparison Kind;
        public int A, B; // value slots
        public int Outcome;
    }

    // Immutable after Compile, shared by clones.
    private readonly Instruction[] _instructions; // one per node, node k = instruction k
    private readonly int[] _slots; // per operand: the value slot it reads (a node, or count + i for constant i)
    private readonly double[] _constants;
    private readonly double[] _initialValues; // values of the constant slots, copied into _values
    private readonly double[] _initialPartials; // partials that do not depend on the inputs (sums, dot products)
    private readonly GuardCheck[] _guards;
    private readonly int[] _inputs; // input i is node _inputs[i]
    private readonly int _output;
    private readonly int[] _order; // the instructions that compute something, in tape order
    private readonly IReplayKernel?[] _kernels; // per instruction: the kernel of a ReplayOp.Kernel node

    // Per instance: work arrays.
    private readonly double[] _values;
    private readonly double[] _partials;
    private readonly double[] _adjoints;
    private readonly double[] _gathered; // a kernel node's operand values, gathered from their slots

    private TapeProgram(Instruction[] instructions, IReplayKernel?[] kernels, int[] slots, double[] constants, double[] initialValues,
        double[] initialPartials, GuardCheck[] guards, int[] inputs, int output)
    {
        _kernels = kernels;
        _instructions = instructions;
        _slots = slots;
        _constants = constants;
        _initialValues = initialValues;
        _initialPartials = initialPartials;
        _guards = guards;
        _inputs = inputs;
        _output = output;
        _order = [.. Enumerable.Range(0, instructions.Length).Where(k => instructions[k].Op is not (ReplayOp.Skip or ReplayOp.Input))];
        _values = (double[])initialValues.Clone();
        _partials = (double[])initialPartials.Clone();
        _adjoints = new double[initialValues.Length];
        int widest = 0;
        for (int k = 0; k < instructions.Length; k++)
            if (kernels[k] is not null) widest = Math.Max(widest, instructions[k].OperandCount);
        _gathered = new double[widest];
    }

    /// <summary>The number of inputs (the length of x and of the gradient in <see cref="TryEvaluate"/>).</summary>
    public int InputCount => _inputs.Length;

    /// <summary>The number of instructions (tape nodes up to the output, those not needed included as no-ops).</summary>
    public int InstructionCount => _instructions.Length;

    /// <summary>The number of guards (recorded comparisons) checked on every evaluation.</summary>
    public int GuardCount => _guards.Length;

    /// <summary>A program for another thread: the same compiled operations with its own work arrays.</summary>
    public TapeProgram Clone() =>
        new(_instructions, _kernels, _slots, _constants, _initialValues, _initialPartials, _guards, _inputs, _output);

    /// <summary>
    /// Compiles what <paramref name="tape"/> recorded since <see cref="Tape.StartRecording"/> (or its
    /// last <see cref="Tape.Clear"/>) into a program computing <paramref name="output"/> and its
    /// gradient with respect to <paramref name="inputs"/>; null when that cannot be replayed.
    /// </summary>
    /// <param name="tape">A tape that is recording (<see cref="Tape.IsRecording"/>).</param>
    /// <param name="inputs">Variables of <paramref name="tape"/> (<see cref="Tape.Variable"/>), in the order of the program's x; every variable the output depends on must be among them.</param>
    /// <param name="output">A value recorded on <paramref name="tape"/>.</param>
    /// <param name="reason">Why the result is null (null when it is not): a node the output or a guard needs was recorded by an operation without replay code (e.g. a custom <see cref="Tape.Record(double, Real, double)"/>), <see cref="Tape.MarkNotReplayable"/> was called, a needed variable is not among the inputs, the output is a constant or not finite (a density evaluated outside its support is a constant −∞, which would stay −∞ on replay), or the tape is not recording.</param>
    /// <exception cref="ArgumentException">An input is not a variable of <paramref name="tape"/>, or appears twice.</exception>
    public static TapeProgram? Compile(Tape tape, ReadOnlySpan<Real> inputs, Real output, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(tape);
        return Build(tape, inputs, output, out reason);
    }

    /// <summary><see cref="Compile(Tape, ReadOnlySpan{Real}, Real, out string?)"/> without the reason.</summary>
    public static TapeProgram? Compile(Tape tape, ReadOnlySpan<Real> inputs, Real output) =>
        Compile(tape, inputs, output, out _);
}
