namespace Probabilistic;

// Reductions over vectors recorded as one wide node each, with the analytic partials, instead of
// one node per scalar operation (as Stan's vectorized functions do: B. Carpenter et al., "The Stan
// Math Library: reverse-mode automatic differentiation in C++", arXiv:1509.07164, 2015).
public static partial class RealMath
{
    /// <summary>Σᵢ xᵢ as one node; every partial is 1.</summary>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real Sum(ReadOnlySpan<Real> xs)
    {
        double v = 0;
        foreach (var x in xs) v += x.Value;
        var t = Numerics.Tape.Common(xs);
        if (t is null) return new Real(v);
        int start = t.BeginWide();
        foreach (var x in xs) t.AddWide(x, 1.0);
        var result = t.EndWide(v, start);
        if (t.IsRecording) Numerics.Tape.Describe(result, Numerics.ReplayOp.Sum, xs);
        return result;
    }

    /// <summary>The dot product Σᵢ aᵢbᵢ of variables and data, as one node; ∂/∂aᵢ = bᵢ.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real Dot(ReadOnlySpan<Real> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"RealMath.Dot: {nameof(a)} has length {a.Length} but {nameof(b)} has length {b.Length}.", nameof(b));
        double v = 0;
        for (int i = 0; i < a.Length; i++) v += a[i].Value * b[i];
        var t = Numerics.Tape.Common(a);
        if (t is null) return new Real(v);
        int start = t.BeginWide();
        for (int i = 0; i < a.Length; i++) t.AddWide(a[i], b[i]);
        var result = t.EndWide(v, start);
        if (t.IsRecording) Numerics.Tape.Describe(result, Numerics.ReplayOp.Dot, a, b);
        return result;
    }

    /// <summary>The product X·β of a data matrix and variables: one node per row i, with ∂/∂βⱼ = Xᵢⱼ.</summary>
    /// <exception cref="ArgumentException">X has a column count other than β's length.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real[] MatVec(double[,] x, ReadOnlySpan<Real> beta)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = new Real[x.GetLength(0)];
        MatVec(x, beta, result);
        return result;
    }

    /// <summary>
    /// Writes X·β into <paramref name="result"/> (one node per row i, with ∂/∂βⱼ = Xᵢⱼ), allocating
    /// nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes disagree: X must be n×d with d = β's length and n = result's length.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static void MatVec(double[,] x, ReadOnlySpan<Real> beta, Span<Real> result)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.GetLength(0), d = x.GetLength(1);
        if (d != beta.Length)
            throw new ArgumentException($"RealMath.MatVec: {nameof(x)} has {d} columns but {nameof(beta)} has length {beta.Length}.", nameof(beta));
        if (n != result.Length)
            throw new ArgumentException($"RealMath.MatVec: {nameof(x)} has {n} rows but {nameof(result)} has length {result.Length}.", nameof(result));
        var t = Numerics.Tape.Common(beta);
        for (int i = 0; i < n; i++)
        {
            double v = 0;
            for (int j = 0; j < d; j++) v += x[i, j] * beta[j].Value;
            if (t is null)
            {
                result[i] = new Real(v);
                continue;
            }
            int start = t.BeginWide();
            for (int j = 0; j < d; j++) t.AddWide(beta[j], x[i, j]);
            result[i] = t.EndWide(v, start);
            if (t.IsRecording && d > 0)
                Numerics.Tape.Describe(result[i], Numerics.ReplayOp.Dot, beta, System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref x[i, 0], d));
        }
    }
}
