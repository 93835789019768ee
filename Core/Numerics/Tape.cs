using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probabilistic.Numerics;

/// <summary>
/// A reverse-mode tape (Wengert list): each node stores up to two parents and the partial
/// derivative of the node with respect to each. Values that depend on a tape's variables carry
/// that tape; <see cref="Gradient(Real)"/> propagates adjoints from an output back to every node
/// (Griewank &amp; Walther, <i>Evaluating Derivatives</i>, 2nd ed., §3.2). Nodes with more parents
/// (vectorized densities) store their parent list in a side array.
/// </summary>
/// <remarks>A tape is used by one thread at a time; use one tape per thread or per chain.</remarks>
public sealed partial class Tape
{
    // Node i has parents Parent1, Parent2 (−1 for none, e.g. a constant operand) with partials
    // Partial1, Partial2. A "wide" node (more parents) has Parent1 = −(start + 2) ≤ −2, an offset
    // into the wide arrays, and Parent2 = its parent count. One array of 24-byte structs
    // keeps a node's fields on one cache line and costs one bounds check per push.
    private struct Node
    {
        public int Parent1;
        public int Parent2;
        public double Partial1;
        public double Partial2;
    }

    private const string MixedTapes =
        "Real: an operation mixes values from two different tapes (a value from one gradient computation was used in another).";

    private Node[] _nodes = new Node[256];
    private int _count;
    // The capacity Push checks against: the node array's length, or 0 while recording a program, so
    // that every push takes the slow path (Grow), which also records the node's operation. The hot
    // path thus pays nothing for recording: not even a branch (and no IL, which the JIT's inlining
    // budget counts: an extra call in Push left user code's operators un-inlined, 1.7× slower).
    private int _capacity = 256;
    private int[] _wideParents = new int[64];
    private double[] _widePartials = new double[64];
    private int _wideCount;

    /// <summary>Number of nodes recorded so far (variables included).</summary>
    public int Count => _count;

    /// <summary>Removes every node; the tape can then be reused without allocating.</summary>
    /// <remarks>Values recorded before the call must not be used afterwards.</remarks>
    public void Clear()
    {
        _count = 0;
        _wideCount = 0;
        if (_recording) ResetRecording();
    }

    /// <summary>A new independent variable with the given value.</summary>
    public Real Variable(double value)
    {
        return new(value, this, Push(-1, 0, -1, 0, ReplayOp.Input));
    }

    /// <summary>New independent variables, one per value.</summary>
    public Real[] Variables(ReadOnlySpan<double> values)
    {
        var xs = new Real[values.Length];
        for (int i = 0; i < values.Length; i++) xs[i] = Variable(values[i]);
        return xs;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Push(int p1, double d1, int p2, double d2, ReplayOp op)
    {
        int i = _count;
        var nodes = _nodes;
        if ((uint)i >= (uint)_capacity) nodes = Grow(op); // _capacity ≤ nodes.Length
        // i < nodes.Length was just ensured; indexing through the array's data reference saves the
        // JIT's second bounds check on the hottest path of the tape.
        ref var n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(nodes), i);
        n.Parent1 = p1;
        n.Parent2 = p2;
        n.Partial1 = d1;
        n.Partial2 = d2;
        _count = i + 1;
        return i;
    }

    // Grows the node array when it is full; while recording, also records node _count's operation
    // (and, from a two-operand site, its operands' values).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Node[] Grow(ReplayOp op)
    {
        if (_count >= _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        if (_recording) RecordOperation(_count, op);
        else _capacity = _nodes.Length;
        return _nodes;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Node[] Grow(ReplayOp op, double aValue, double bValue)
    {
        if (_count >= _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        if (_recording) RecordOperation(_count, op, aValue, bValue);
        else _capacity = _nodes.Length;
        return _nodes;
    }

    /// <summary>
    /// Records a one-parent node on this tape: value = <paramref name="op"/>(a), ∂f/∂a = da. The
    /// caller has checked that a is on this tape.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Real Unary(double value, int a, double da, ReplayOp op) => new(value, this, Push(a, da, -1, 0, op));

    /// <summary>
    /// Records a one-parent node for a two-operand operation with one constant operand: value =
    /// <paramref name="op"/>(a, constant); ∂f/∂a = da. The constant is kept in the unused partial of
    /// the absent second parent, where a recording reads it. The caller has checked that a is on this tape.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Real Unary(double value, int a, double da, ReplayOp op, double constant) =>
        new(value, this, Push(a, da, -1, constant, op));

    /// <summary>Records a unary node: <paramref name="value"/> = f(a) with ∂f/∂a = <paramref name="da"/>.</summary>
    public static Real Record(double value, Real a, double da)
    {
        var t = a.Tape;
        if (t is null) return new Real(value);
        return new Real(value, t, t.Push(a.Index, da, -1, 0, ReplayOp.Unknown));
    }

    /// <summary>Records a binary node: <paramref name="value"/> = f(a, b) with the given partials.</summary>
    /// <exception cref="InvalidOperationException">a and b belong to two different tapes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real Record(double value, Real a, double da, Real b, double db)
    {
        // Branch-light: a constant operand (common: x − 0, z / 5) becomes parent −1, which the
        // backward sweep skips; only mixing two tapes leaves the straight path.
        var ta = a.Tape;
        var tb = b.Tape;
        var t = ta ?? tb;
        if (t is null) return new Real(value);
        if (!ReferenceEquals(ta, tb) && ta is not null && tb is not null) ThrowMixedTapes();
        return new Real(value, t, t.Push(ta is null ? -1 : a.Index, da, tb is null ? -1 : b.Index, db, ReplayOp.Unknown));
    }

    /// <summary>
    /// <see cref="Record(double, Real, double, Real, double)"/> for a site with replay code: the node
    /// is described as <paramref name="op"/>(a, b) while the tape records a program.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Real Record(ReplayOp op, double value, Real a, double da, Real b, double db)
    {
        var ta = a.Tape;
        var tb = b.Tape;
        var t = ta ?? tb;
        if (t is null) return new Real(value);
        if (!ReferenceEquals(ta, tb) && ta is not null && tb is not null) ThrowMixedTapes();
        return new Real(value, t, t.PushBinary(ta is null ? -1 : a.Index, da, tb is null ? -1 : b.Index, db, op, a.Value, b.Value));
    }

    // Push for a two-operand site with replay code: the operands' values reach the slow path only
    // (a recording needs a constant operand's value).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PushBinary(int p1, double d1, int p2, double d2, ReplayOp op, double aValue, double bValue)
    {
        int i = _count;
        var nodes = _nodes;
        if ((uint)i >= (uint)_capacity) nodes = Grow(op, aValue, bValue);
        ref var n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(nodes), i);
        n.Parent1 = p1;
        n.Parent2 = p2;
        n.Partial1 = d1;
        n.Partial2 = d2;
        _count = i + 1;
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMixedTapes() => throw new InvalidOperationException(MixedTapes);

    /// <summary>
    /// Records one node with many parents: <paramref name="value"/> = f(xs) with ∂f/∂xs[i] = <paramref name="partials"/>[i].
    /// Constants among <paramref name="xs"/> are skipped. This is how vectorized densities add one node for a whole data vector.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real Record(double value, ReadOnlySpan<Real> xs, ReadOnlySpan<double> partials)
    {
        if (xs.Length != partials.Length)
            throw new ArgumentException($"Tape.Record: {nameof(xs)} has {xs.Length} values but {nameof(partials)} has {partials.Length}.", nameof(partials));
        var t = Common(xs);
        if (t is null) return new Real(value);
        int start = t.BeginWide();
        for (int i = 0; i < xs.Length; i++) t.AddWide(xs[i], partials[i]);
        return t.EndWide(value, start);
    }

    /// <summary>The tape shared by the non-constant values of <paramref name="xs"/>, or null if all are constants.</summary>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    internal static Tape? Common(ReadOnlySpan<Real> xs, Tape? tape = null)
    {
        foreach (var x in xs) tape = Common(tape, x);
        return tape;
    }

    /// <summary>The tape of <paramref name="tape"/> and <paramref name="x"/> together, or null if neither has one.</summary>
    /// <exception cref="InvalidOperationException">They are two different tapes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tape? Common(Tape? tape, Real x)
    {
        var t = x.Tape;
        if (t is null || ReferenceEquals(t, tape)) return tape;
        if (tape is null) return t;
        ThrowMixedTapes();
        return null;
    }

    /// <summary>Starts a wide node; returns the mark to pass to <see cref="EndWide"/>.</summary>
    internal int BeginWide() => _wideCount;

    /// <summary>Adds a parent to the wide node being built (constants are skipped; the caller has checked the tape).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddWide(Real x, double partial)
    {
        if (x.Tape is null) return;
        int k = _wideCount;
        if ((uint)k >= (uint)_wideParents.Length) GrowWide();
        _wideParents[k] = x.Index;
        _widePartials[k] = partial;
        _wideCount = k + 1;
    }

    /// <summary>The partials added so far to the wide node started at <paramref name="start"/>, for rescaling in place.</summary>
    internal Span<double> WidePartials(int start) => _widePartials.AsSpan(start, _wideCount - start);

    /// <summary>Completes the wide node started at <paramref name="start"/> with the given value.</summary>
    internal Real EndWide(double value, int start) => new(value, this, Push(-(start + 2), 0, _wideCount - start, 0, ReplayOp.Unknown));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowWide()
    {
        Array.Resize(ref _wideParents, _wideParents.Length * 2);
        Array.Resize(ref _widePartials, _widePartials.Length * 2);
    }
}
