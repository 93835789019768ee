using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probabilistic.Numerics;

public sealed partial class Tape
{
    private double[] _adjoint = new double[256];
    private Real[] _variables = [];

    /// <summary>
    /// Sweeps backwards from <paramref name="output"/>; afterwards <see cref="Adjoint(Real)"/> gives
    /// ∂output/∂x for every node x recorded before it (0 for nodes recorded after it).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> was not recorded on this tape.</exception>
    public void Gradient(Real output)
    {
        if (!ReferenceEquals(output.Tape, this))
            throw new ArgumentException("Tape.Gradient: the output was not recorded on this tape (it is a constant or belongs to another tape).", nameof(output));
        if (_adjoint.Length < _count) _adjoint = new double[_nodes.Length];
        Array.Clear(_adjoint, 0, _count);
        _adjoint[output.Index] = 1.0;
        Sweep(output.Index);
    }

    // Parents precede their children, so when node i is reached every contribution to its adjoint
    // is in. Indices are in range by construction (every parent index was a node's index when it
    // was recorded), which is why the loop reads through references without bounds checks.
    // Most nodes' first parent is the node just before them (a chain of operations), so that
    // contribution is carried to the next iteration in a register instead of through memory.
    private void Sweep(int from)
    {
        ref double adj = ref MemoryMarshal.GetArrayDataReference(_adjoint);
        ref Node node = ref MemoryMarshal.GetArrayDataReference(_nodes);
        double carry = 0;
        for (int i = from; i >= 0; i--)
        {
            ref double ai = ref Unsafe.Add(ref adj, i);
            double a = ai + carry; // final: every child of node i has been swept
            ai = a;
            carry = 0;
            if (a == 0) continue;
            ref readonly var n = ref Unsafe.Add(ref node, i);
            int p1 = n.Parent1;
            if (p1 >= -1)
            {
                if (p1 == i - 1) carry = a * n.Partial1;
                else if (p1 >= 0) Unsafe.Add(ref adj, p1) += a * n.Partial1;
                int p2 = n.Parent2;
                if (p2 == i - 1) carry += a * n.Partial2;
                else if (p2 >= 0) Unsafe.Add(ref adj, p2) += a * n.Partial2;
            }
            else
            {
                int start = -p1 - 2;
                var parents = _wideParents.AsSpan(start, n.Parent2);
                var partials = _widePartials.AsSpan(start, n.Parent2);
                for (int k = 0; k < parents.Length; k++) Unsafe.Add(ref adj, parents[k]) += a * partials[k];
            }
        }
    }

    /// <summary>The adjoint of <paramref name="x"/> after the last <see cref="Gradient(Real)"/> (0 for constants and values of other tapes).</summary>
    public double Adjoint(Real x) => ReferenceEquals(x.Tape, this) ? _adjoint[x.Index] : 0.0;

    /// <summary>
    /// The value and gradient of <paramref name="f"/> at <paramref name="x"/>, on a fresh tape.
    /// Allocates a tape and two arrays per call; for repeated evaluation use
    /// <see cref="ValueAndGradient(Func{ReadOnlySpan{Real}, Real}, ReadOnlySpan{double}, Span{double})"/>.
    /// </summary>
    public static (double Value, double[] Gradient) ValueAndGradient(Func<Real[], Real> f, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        var tape = new Tape();
        var xs = tape.Variables(x);
        var y = f(xs);
        var g = new double[x.Length];
        if (y.Tape is null) return (y.Value, g);
        tape.Gradient(y);
        for (int i = 0; i < g.Length; i++) g[i] = tape.Adjoint(xs[i]);
        return (y.Value, g);
    }

    /// <summary>
    /// Computes f(x) and writes ∇f(x) into <paramref name="gradient"/>, reusing this tape: it is
    /// cleared, x becomes variables 0 … d−1, f is evaluated and the tape swept backwards once.
    /// Returns f(x).
    /// </summary>
    /// <remarks>
    /// <para>
    /// This is the form for hot loops such as HMC/NUTS leapfrog steps: keep one tape per chain
    /// (a tape is used by one thread at a time) and one gradient buffer, and call this every step.
    /// Once the tape has grown to fit f (the first call or two), it allocates nothing: the node
    /// arrays, the adjoint array and the span of variables handed to f are all reused.
    /// </para>
    /// <para>
    /// The variables passed to <paramref name="f"/>, and every value computed from them, are valid
    /// only during this call: the next call clears the tape. If f(x) does not depend on x (it
    /// returns a constant) the gradient is zero.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> is not as long as <paramref name="x"/>, or f returned a value of another tape.</exception>
    public double ValueAndGradient(Func<ReadOnlySpan<Real>, Real> f, ReadOnlySpan<double> x, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (gradient.Length != x.Length)
            throw new ArgumentException($"Tape.ValueAndGradient: {nameof(gradient)} has length {gradient.Length} but {nameof(x)} has length {x.Length}.", nameof(gradient));
        Clear();
        if (_variables.Length < x.Length) _variables = new Real[x.Length];
        var xs = _variables.AsSpan(0, x.Length);
        for (int i = 0; i < xs.Length; i++) xs[i] = Variable(x[i]);
        var y = f(xs);
        if (y.Tape is null)
        {
            gradient.Clear();
            return y.Value;
        }
        if (!ReferenceEquals(y.Tape, this))
            throw new ArgumentException("Tape.ValueAndGradient: f returned a value recorded on another tape.", nameof(f));
        Gradient(y);
        // The variables are nodes 0 … d−1, so their adjoints are the first d entries.
        _adjoint.AsSpan(0, x.Length).CopyTo(gradient);
        return y.Value;
    }
}
