using System.Runtime.CompilerServices;

namespace Probabilistic.Numerics;

// Recording a program: while _recording is set, every push records the operation code its site
// passed (the node's parents are its operands; a constant operand's value is passed along by a
// two-operand site, or sits in the unused partial of the absent parent of a one-operand one), sites with more operands or data (vectorized densities,
// distributions) describe their node in full — operands and constants — and every comparison of
// tape values is kept as a guard.
// TapeProgram.Compile turns the description into a program that recomputes the tape on new inputs
// (the idea of ReverseDiff.jl's compiled tapes). A node no site described is Unknown: a program
// that needs it cannot be compiled. Entries carry the recording's generation, so that starting a
// new recording invalidates the old descriptions without clearing them.
public sealed partial class Tape
{
    internal struct OpEntry
    {
        public int Generation;
        public ReplayOp Op;
        public int Operands;
        public int OperandCount;
        public int Constants;
        public int ConstantCount;
        public bool Binary; // recorded by a two-operand site, which passed both operands' values
        public double AValue, BValue;
        public IReplayKernel? Kernel; // for ReplayOp.Kernel
    }

    internal struct GuardEntry
    {
        public Comparison Kind;
        public int A, B; // node indices, −1 for a constant
        public double AValue, BValue;
        public int Outcome;
    }

    private bool _recording;
    private int _generation;
    private string? _notReplayable;
    private OpEntry[] _ops = [];
    private int[] _operandNodes = [];
    private double[] _operandValues = [];
    private int _operandCount;
    private double[] _opConstants = [];
    private int _opConstantCount;
    private GuardEntry[] _guards = [];
    private int _guardCount;

    /// <summary>
    /// True between <see cref="StartRecording"/> and <see cref="StopRecording"/>: every node also
    /// records what it computes, so that <see cref="TapeProgram.Compile(Tape, ReadOnlySpan{Real}, Real, out string?)"/>
    /// can replay the tape on new inputs.
    /// </summary>
    public bool IsRecording => _recording;

    /// <summary>
    /// Clears the tape and starts recording a program: from now on each node also records its
    /// operation and constants, and each comparison of tape values (the <see cref="Real"/> operators
    /// &lt;, &gt;, ≤, ≥, ==, !=, <see cref="Real.CompareTo(Real)"/>, <see cref="Real.Equals(Real)"/>,
    /// <see cref="RealMath.Min"/>, <see cref="RealMath.Max"/>) becomes a guard that a replay checks.
    /// </summary>
    /// <remarks>
    /// Recording costs a call per node; a tape that is not recording pays nothing (the push checks
    /// a capacity that recording sets to 0). <see cref="Clear"/> keeps the tape recording and forgets what was recorded.
    /// Code that branches on <see cref="Real.Value"/> directly is not seen: it must call
    /// <see cref="MarkNotReplayable"/> (or not compile the tape at all).
    /// </remarks>
    public void StartRecording()
    {
        _recording = true;
        _capacity = 0;
        Clear();
    }

    /// <summary>
    /// Stops recording: pushes are as cheap as on a tape that never recorded, and
    /// <see cref="TapeProgram.Compile(Tape, ReadOnlySpan{Real}, Real, out string?)"/> no longer accepts
    /// this tape (comparisons made from now on would not be guarded).
    /// </summary>
    public void StopRecording()
    {
        _recording = false;
        _capacity = _nodes.Length;
    }

    /// <summary>
    /// Marks the current recording as not replayable, with the reason that
    /// <see cref="TapeProgram.Compile(Tape, ReadOnlySpan{Real}, Real, out string?)"/> will report: the way for
    /// code that branches on <see cref="Real.Value"/> (which no guard sees) to opt out of compilation.
    /// Has no effect when the tape is not recording.
    /// </summary>
    public void MarkNotReplayable(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (_recording) _notReplayable ??= reason;
    }

    private void ResetRecording()
    {
        _generation++;
        _notReplayable = null;
        _operandCount = 0;
        _opConstantCount = 0;
        _guardCount = 0;
    }

    /// <summary>
    /// Records that node <paramref name="node"/> computes <paramref name="op"/> on its parents (a
    /// constant operand's value is in the partial of its absent parent, or, from a two-operand site,
    /// in the operand values that the four-argument overload takes). Called by Grow for every
    /// push while recording; a site that describes its node more fully overwrites this afterwards.
    /// </summary>
    private void RecordOperation(int node, ReplayOp op) => Entry(node, op, -1, 0);

    private void RecordOperation(int node, ReplayOp op, double aValue, double bValue)
    {
        ref var e = ref Entry(node, op, -1, 0);
        e.Binary = true;
        e.AValue = aValue;
        e.BValue = bValue;
    }

    /// <summary>Node <paramref name="node"/>'s parents and partials (for a constant operand: its value).</summary>
    internal void Parents(int node, out int p1, out double d1, out int p2, out double d2)
    {
        ref readonly var n = ref _nodes[node];
        (p1, d1, p2, d2) = (n.Parent1, n.Partial1, n.Parent2, n.Partial2);
    }

    /// <summary>The operand slot of <paramref name="x"/>: its node on this tape, or −1 for a constant (or another tape's value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int OperandOf(Real x) => ReferenceEquals(x.Tape, this) ? x.Index : -1;

    /// <summary>
    /// Describes the node of <paramref name="result"/> (when it was recorded on a recording tape) as
    /// <paramref name="op"/> on <paramref name="operands"/> (values on the tape or constants) with
    /// <paramref name="constants"/>. Does nothing for a constant result or a tape that is not recording.
    /// </summary>
    internal static void Describe(Real result, ReplayOp op, ReadOnlySpan<Real> operands, ReadOnlySpan<double> constants = default)
    {
        var t = result.Tape;
        if (t is null || !t._recording) return;
        ref var e = ref t.Entry(result.Index, op, operands.Length, constants.Length);
        for (int i = 0; i < operands.Length; i++)
        {
            t._operandNodes[e.Operands + i] = t.OperandOf(operands[i]);
            t._operandValues[e.Operands + i] = operands[i].Value;
        }
        constants.CopyTo(t._opConstants.AsSpan(e.Constants));
    }

    /// <summary>
    /// Describes the node of <paramref name="result"/> for a <see cref="TapeProgram"/>: its value and
    /// partials are what <paramref name="kernel"/> computes from <paramref name="operands"/> (values on
    /// the tape or constants, in the kernel's order) and <paramref name="constants"/>. Does nothing
    /// for a constant result or a tape that is not recording (<see cref="IsRecording"/>), so a record
    /// site can call it unconditionally after recording its node.
    /// </summary>
    /// <remarks>
    /// The node's own parents (those given to <see cref="Record(double, ReadOnlySpan{Real}, ReadOnlySpan{double})"/>)
    /// drive <see cref="Gradient(Real)"/>; the described operands drive the replay. They may differ: a
    /// described operand the value does not depend on (a datum, a support bound) gets partial 0 from
    /// the kernel. Every operand the value depends on must be described.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="kernel"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="kernel"/> is a <see cref="UnaryReplayKernel"/>, <see cref="BinaryReplayKernel"/> or <see cref="TernaryReplayKernel"/> and <paramref name="operands"/> is not one, two or three long.</exception>
    public static void Describe(Real result, IReplayKernel kernel, ReadOnlySpan<Real> operands, ReadOnlySpan<double> constants = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int arity = ReplayKernelArity.Of(kernel);
        if (arity >= 0 && operands.Length != arity)
            throw new ArgumentException($"Tape.Describe: replay kernel {kernel.GetType().Name} takes {arity} operand(s); given {operands.Length}.", nameof(operands));
        var t = result.Tape;
        if (t is null || !t._recording) return;
        Describe(result, ReplayOp.Kernel, operands, constants);
        t._ops[result.Index].Kernel = kernel;
    }

    // operands = −1: the node's own parents are its operands (RecordOperation).
    private ref OpEntry Entry(int node, ReplayOp op, int operands, int constants)
    {
        if (_ops.Length <= node) Array.Resize(ref _ops, Math.Max(_nodes.Length, node + 1));
        if (operands > 0 && _operandNodes.Length < _operandCount + operands)
        {
            int size = Math.Max(2 * _operandNodes.Length, _operandCount + operands + 64);
            Array.Resize(ref _operandNodes, size);
            Array.Resize(ref _operandValues, size);
        }
        if (_opConstants.Length < _opConstantCount + constants)
            Array.Resize(ref _opConstants, Math.Max(2 * _opConstants.Length, _opConstantCount + constants + 64));
        ref var e = ref _ops[node];
        e.Generation = _generation;
        e.Op = op;
        e.Operands = _operandCount;
        e.OperandCount = operands;
        e.Constants = _opConstantCount;
        e.ConstantCount = constants;
        e.Binary = false;
        e.Kernel = null;
        _operandCount += Math.Max(operands, 0);
        _opConstantCount += constants;
        return ref e;
    }

    /// <summary>
    /// Keeps the outcome of a comparison of <paramref name="a"/> and <paramref name="b"/> as a guard
    /// when either is on a recording tape; a no-op otherwise.
    /// </summary>
    internal static void Guard(Comparison kind, Real a, Real b, int outcome)
    {
        var t = a.Tape is { _recording: true } ta ? ta : b.Tape is { _recording: true } tb ? tb : null;
        if (t is null) return;
        if (t._guardCount == t._guards.Length) Array.Resize(ref t._guards, Math.Max(16, 2 * t._guards.Length));
        t._guards[t._guardCount++] = new GuardEntry
        {
            Kind = kind,
            A = t.OperandOf(a),
            B = t.OperandOf(b),
            AValue = a.Value,
            BValue = b.Value,
            Outcome = outcome,
        };
    }

    /// <summary>The reason given to <see cref="MarkNotReplayable"/>, if any.</summary>
    internal string? NotReplayableReason => _notReplayable;

    /// <summary>The description of node <paramref name="node"/>: <see cref="ReplayOp.Unknown"/> when no site described it in this recording.</summary>
    internal OpEntry DescriptionOf(int node) =>
        node < _ops.Length && _ops[node].Generation == _generation ? _ops[node] : default;

    /// <summary>The operand slots (node or −1) recorded by the sites that describe their nodes.</summary>
    internal ReadOnlySpan<int> OperandNodes => _operandNodes.AsSpan(0, _operandCount);

    /// <summary>The operands' recorded values (the values of constant operands).</summary>
    internal ReadOnlySpan<double> OperandValues => _operandValues.AsSpan(0, _operandCount);

    /// <summary>The constants recorded by the described nodes.</summary>
    internal ReadOnlySpan<double> OpConstants => _opConstants.AsSpan(0, _opConstantCount);

    /// <summary>The guards recorded so far.</summary>
    internal ReadOnlySpan<GuardEntry> Guards => _guards.AsSpan(0, _guardCount);
}
