namespace Probabilistic.Inference;

/// <summary>
/// An inverse metric of the form M⁻¹ = S (I + U (Λ − I) Uᵀ) S, with S = diag(s) a diagonal scale, U a d × k matrix of
/// orthonormal columns and Λ = diag(λ) their eigenvalues in the scaled space (nutpie's low-rank mass matrix: Seyboldt,
/// Carlson &amp; Carpenter 2026). Products with M⁻¹ and draws of p ~ N(0, M) cost O(d k), never O(d²).
/// </summary>
internal sealed class LowRankMetric
{
    private readonly double[] _scale;
    private readonly double[][] _vectors;
    private readonly double[] _values;
    private readonly double[] _coefficients;

    /// <summary>A metric with scale <paramref name="scale"/> and corrections <paramref name="vectors"/> (each of length d, orthonormal) with eigenvalues <paramref name="values"/>.</summary>
    public LowRankMetric(double[] scale, double[][] vectors, double[] values)
    {
        if (vectors.Length != values.Length) throw new ArgumentException("LowRankMetric: one eigenvalue per vector.", nameof(values));
        _scale = scale;
        _vectors = vectors;
        _values = values;
        _coefficients = new double[values.Length];
    }

    /// <summary>The diagonal scale s (the square root of the diagonal part of M⁻¹).</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>Number of low-rank corrections k.</summary>
    public int Rank => _values.Length;

    /// <summary>The eigenvalues λ of the corrections, in the scaled space.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The corrections U, one vector of length d each (orthonormal), as the metric holds them.</summary>
    public IReadOnlyList<double[]> Vectors => _vectors;

    /// <summary>v = M⁻¹ p.</summary>
    public void Velocity(ReadOnlySpan<double> p, Span<double> v)
    {
        int d = _scale.Length;
        for (int i = 0; i < d; i++) v[i] = _scale[i] * p[i];
        // v currently holds p̃ = S p; the corrections use Uᵀ p̃ taken before v changes.
        for (int j = 0; j < _vectors.Length; j++) _coefficients[j] = (_values[j] - 1) * Dot(_vectors[j], v);
        for (int j = 0; j < _vectors.Length; j++) Axpy(_coefficients[j], _vectors[j], v);
        for (int i = 0; i < d; i++) v[i] *= _scale[i];
    }

    /// <summary>
    /// p = S⁻¹ (z + U (Λ^(−1/2) − I) Uᵀ z): for z ~ N(0, I), p ~ N(0, M), since (I + U (Λ^(−1/2) − I) Uᵀ)² =
    /// I + U (Λ⁻¹ − I) Uᵀ and M = S⁻¹ (I + U (Λ⁻¹ − I) Uᵀ) S⁻¹.
    /// </summary>
    public void MomentumFromStandard(ReadOnlySpan<double> z, Span<double> p)
    {
        int d = _scale.Length;
        z.CopyTo(p);
        for (int j = 0; j < _vectors.Length; j++) _coefficients[j] = (1 / Math.Sqrt(_values[j]) - 1) * Dot(_vectors[j], z);
        for (int j = 0; j < _vectors.Length; j++) Axpy(_coefficients[j], _vectors[j], p);
        for (int i = 0; i < d; i++) p[i] /= _scale[i];
    }

    private static double Dot(double[] u, ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < u.Length; i++) s += u[i] * x[i];
        return s;
    }

    private static void Axpy(double a, double[] u, Span<double> y)
    {
        for (int i = 0; i < u.Length; i++) y[i] += a * u[i];
    }
}
