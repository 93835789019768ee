using System.Runtime.CompilerServices;

namespace Probabilistic.Numerics;

/// <summary>
/// A reverse-mode tape (Wengert list): each node stores up to two parents and the partial
/// derivative of the node with respect to each. Values that depend on a tape's variables carry
/// that tape; <see cref="Gradient(Real)"/> propagates adjoints from an output back to every node
/// (Griewank &amp; Walther, <i>Evaluating Derivatives</i>, 2nd ed., §3.2). Nodes with more parents
/// (vectorized densities) store their parent list in a side array.
/// </summary>
/// <remarks>A tape is used by one thread at a time; use one tape per thread or per chain.</remarks>
public sealed class Tape
{
    // Node i: parents P1[i], P2[i] (−1 for none) with partials D1[i], D2[i].
    // A node with more than two parents has P1[i] = −(start+2) into the wide arrays, P2[i] = count.
    private int[] _p1 = new int[256];
    private int[] _p2 = new int[256];
    private double[] _d1 = new double[256];
    private double[] _d2 = new double[256];
    private int[] _wideParents = new int[64];
    private double[] _widePartials = new double[64];
    private int _wideCount;
    private double[] _adjoint = new double[256];
    private int _count;

    /// <summary>Number of nodes recorded so far.</summary>
    public int Count => _count;

    /// <summary>Removes every node; the tape can then be reused without allocating.</summary>
    public void Clear()
    {
        _count = 0;
        _wideCount = 0;
    }

    /// <summary>A new independent variable with the given value.</summary>
    public Real Variable(double value) => new(value, this, Push(-1, 0, -1, 0));

    /// <summary>New independent variables, one per value.</summary>
    public Real[] Variables(ReadOnlySpan<double> values)
    {
        var xs = new Real[values.Length];
        for (int i = 0; i < values.Length; i++) xs[i] = Variable(values[i]);
        return xs;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Push(int p1, double d1, int p2, double d2)
    {
        int i = _count;
        if (i == _p1.Length) Grow();
        _p1[i] = p1;
        _d1[i] = d1;
        _p2[i] = p2;
        _d2[i] = d2;
        _count = i + 1;
        return i;
    }

    private void Grow()
    {
        int n = _p1.Length * 2;
        Array.Resize(ref _p1, n);
        Array.Resize(ref _p2, n);
        Array.Resize(ref _d1, n);
        Array.Resize(ref _d2, n);
    }

    /// <summary>Records a unary node: <paramref name="value"/> = f(a) with ∂f/∂a = <paramref name="da"/>.</summary>
    public static Real Record(double value, Real a, double da)
    {
        var t = a.Tape;
        if (t is null) return new Real(value);
        return new Real(value, t, t.Push(a.Index, da, -1, 0));
    }

    /// <summary>Records a binary node: <paramref name="value"/> = f(a, b) with the given partials.</summary>
    public static Real Record(double value, Real a, double da, Real b, double db)
    {
        var t = a.Tape ?? b.Tape;
        if (t is null) return new Real(value);
        if (a.Tape is not null && b.Tape is not null && !ReferenceEquals(a.Tape, b.Tape))
            throw new InvalidOperationException("Real: an operation mixes values from two different tapes (nested gradient scopes must not share values).");
        int ia = a.Tape is null ? -1 : a.Index;
        int ib = b.Tape is null ? -1 : b.Index;
        return new Real(value, t, t.Push(ia, da, ib, db));
    }

    /// <summary>
    /// Records one node with many parents: <paramref name="value"/> = f(xs) with ∂f/∂xs[i] = <paramref name="partials"/>[i].
    /// Constants among <paramref name="xs"/> are skipped. This is how vectorized densities add one node for a whole data vector.
    /// </summary>
    public static Real Record(double value, ReadOnlySpan<Real> xs, ReadOnlySpan<double> partials)
    {
        Tape? t = null;
        foreach (var x in xs)
        {
            if (x.Tape is null) continue;
            if (t is null) t = x.Tape;
            else if (!ReferenceEquals(t, x.Tape))
                throw new InvalidOperationException("Real: an operation mixes values from two different tapes.");
        }
        if (t is null) return new Real(value);
        int start = t._wideCount, n = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            if (xs[i].Tape is null) continue;
            t.PushWide(xs[i].Index, partials[i]);
            n++;
        }
        return new Real(value, t, t.Push(-(start + 2), 0, n, 0));
    }

    private void PushWide(int parent, double partial)
    {
        if (_wideCount == _wideParents.Length)
        {
            Array.Resize(ref _wideParents, _wideCount * 2);
            Array.Resize(ref _widePartials, _wideCount * 2);
        }
        _wideParents[_wideCount] = parent;
        _widePartials[_wideCount] = partial;
        _wideCount++;
    }

    /// <summary>
    /// Sweeps backwards from <paramref name="output"/>; afterwards <see cref="Adjoint(Real)"/> gives
    /// ∂output/∂x for every node x recorded before it.
    /// </summary>
    public void Gradient(Real output)
    {
        if (!ReferenceEquals(output.Tape, this))
            throw new ArgumentException("Tape.Gradient: the output was not recorded on this tape.", nameof(output));
        if (_adjoint.Length < _count) _adjoint = new double[_p1.Length];
        Array.Clear(_adjoint, 0, _count);
        _adjoint[output.Index] = 1.0;
        var adj = _adjoint;
        for (int i = output.Index; i >= 0; i--)
        {
            double a = adj[i];
            if (a == 0) continue;
            int p1 = _p1[i];
            if (p1 >= 0)
            {
                adj[p1] += a * _d1[i];
                int p2 = _p2[i];
                if (p2 >= 0) adj[p2] += a * _d2[i];
            }
            else if (p1 < -1)
            {
                int start = -p1 - 2, end = start + _p2[i];
                for (int k = start; k < end; k++) adj[_wideParents[k]] += a * _widePartials[k];
            }
        }
    }

    /// <summary>The adjoint of <paramref name="x"/> after the last <see cref="Gradient(Real)"/> (0 for constants).</summary>
    public double Adjoint(Real x) => ReferenceEquals(x.Tape, this) ? _adjoint[x.Index] : 0.0;

    /// <summary>
    /// The value and gradient of <paramref name="f"/> at <paramref name="x"/>, on a fresh tape.
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
}
