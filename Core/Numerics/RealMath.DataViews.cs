namespace Probabilistic;

// Dot products and matrix–vector products over views of data (DataVector, DataMatrix): a row or a column of a
// row-major double[] or double[,] enters the tape without being copied (the values are read in place; only a
// recording tape copies a strided column into the node's constants, since a compiled program keeps its own data).
public static partial class RealMath
{
    /// <summary>
    /// The dot product Σᵢ aᵢbᵢ of variables and a data view (a row or a column of a <see cref="DataMatrix"/>), as one
    /// node with ∂/∂aᵢ = bᵢ (Stan's <c>dot_product(a, col(x, j))</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real Dot(ReadOnlySpan<Real> a, DataVector b)
    {
        if (b.TryGetSpan(out var contiguous) && contiguous.Length == a.Length) return Dot(a, contiguous);
        if (a.Length != b.Length)
            throw new ArgumentException($"RealMath.Dot: {nameof(a)} has length {a.Length} but {nameof(b)} has length {b.Length}.", nameof(b));
        double v = 0;
        for (int i = 0; i < a.Length; i++) v += a[i].Value * b[i];
        var t = Numerics.Tape.Common(a);
        if (t is null) return new Real(v);
        int start = t.BeginWide();
        for (int i = 0; i < a.Length; i++) t.AddWide(a[i], b[i]);
        var result = t.EndWide(v, start);
        if (t.IsRecording) Numerics.Tape.Describe(result, Numerics.ReplayOp.Dot, a, b.ToArray());
        return result;
    }

    /// <summary>The product X·β of a data matrix view and variables: one node per row i, with ∂/∂βⱼ = Xᵢⱼ (Stan's <c>x * beta</c>).</summary>
    /// <exception cref="ArgumentException">X has a column count other than β's length.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real[] MatVec(DataMatrix x, ReadOnlySpan<Real> beta)
    {
        var result = new Real[x.RowCount];
        MatVec(x, beta, result);
        return result;
    }

    /// <summary>Writes X·β into <paramref name="result"/> (one node per row i, with ∂/∂βⱼ = Xᵢⱼ), allocating nothing.</summary>
    /// <exception cref="ArgumentException">The shapes disagree: X must be n×d with d = β's length and n = result's length.</exception>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static void MatVec(DataMatrix x, ReadOnlySpan<Real> beta, Span<Real> result)
    {
        int n = x.RowCount, d = x.ColumnCount;
        if (d != beta.Length)
            throw new ArgumentException($"RealMath.MatVec: {nameof(x)} has {d} columns but {nameof(beta)} has length {beta.Length}.", nameof(beta));
        if (n != result.Length)
            throw new ArgumentException($"RealMath.MatVec: {nameof(x)} has {n} rows but {nameof(result)} has length {result.Length}.", nameof(result));
        var t = Numerics.Tape.Common(beta);
        var entries = x.Span;
        for (int i = 0; i < n; i++)
        {
            var row = entries.Slice(i * d, d);
            double v = 0; // in ReplayOp.Dot's order, so a replay equals a fresh tape bit for bit
            for (int j = 0; j < d; j++) v += beta[j].Value * row[j];
            if (t is null)
            {
                result[i] = new Real(v);
                continue;
            }
            int start = t.BeginWide();
            for (int j = 0; j < d; j++) t.AddWide(beta[j], row[j]);
            result[i] = t.EndWide(v, start);
            if (t.IsRecording && d > 0) Numerics.Tape.Describe(result[i], Numerics.ReplayOp.Dot, beta, row);
        }
    }
}
