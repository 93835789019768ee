namespace Probabilistic.Inference;

/// <summary>
/// Welford's running mean and (co)variance of warmup draws, and Stan's regularized metric estimate:
/// M⁻¹ = n/(n+5) Σ̂ + 10⁻³ · 5/(n+5) I, shrinking towards a small multiple of the identity
/// (Welford 1962, Technometrics 4; Stan's <c>var_adaptation</c>/<c>covar_adaptation</c>).
/// </summary>
internal sealed class MetricEstimator
{
    private readonly int _d;
    private readonly bool _dense;
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly double[,]? _m2Dense;
    private readonly double[] _delta;
    private int _n;

    public MetricEstimator(int dimension, bool dense)
    {
        _d = dimension;
        _dense = dense;
        _mean = new double[dimension];
        _m2 = new double[dimension];
        _delta = new double[dimension];
        if (dense) _m2Dense = new double[dimension, dimension];
    }

    public int Count => _n;

    /// <summary>Whether it estimates a dense covariance.</summary>
    public bool IsDense => _dense;

    /// <summary>
    /// Welford's sums (count, running mean, the diagonal sums of squares, and for the dense estimate the matrix of
    /// cross products row by row), copied, for a chain's checkpoint.
    /// </summary>
    public (int Count, double[] Mean, double[] M2, double[]? M2Dense) Export()
    {
        double[]? dense = null;
        if (_m2Dense is not null)
        {
            dense = new double[_d * _d];
            for (int i = 0; i < _d; i++)
                for (int j = 0; j < _d; j++) dense[i * _d + j] = _m2Dense[i, j];
        }
        return (_n, (double[])_mean.Clone(), (double[])_m2.Clone(), dense);
    }

    /// <summary>Restores sums taken by <see cref="Export"/> from an estimator of the same dimension and kind.</summary>
    public void Import(int count, double[] mean, double[] m2, double[]? m2Dense)
    {
        _n = count;
        mean.CopyTo(_mean, 0);
        m2.CopyTo(_m2, 0);
        if (_m2Dense is not null)
            for (int i = 0; i < _d; i++)
                for (int j = 0; j < _d; j++) _m2Dense[i, j] = m2Dense![i * _d + j];
    }

    public void Restart()
    {
        _n = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
        if (_m2Dense is not null) Array.Clear(_m2Dense);
    }

    public void Add(ReadOnlySpan<double> q)
    {
        _n++;
        for (int i = 0; i < _d; i++)
        {
            _delta[i] = q[i] - _mean[i];
            _mean[i] += _delta[i] / _n;
        }
        if (_m2Dense is null)
        {
            for (int i = 0; i < _d; i++) _m2[i] += _delta[i] * (q[i] - _mean[i]);
            return;
        }
        for (int i = 0; i < _d; i++)
        {
            double after = q[i] - _mean[i];
            for (int j = 0; j < _d; j++) _m2Dense[i, j] += after * _delta[j];
        }
    }

    /// <summary>
    /// The regularized diagonal estimate of M⁻¹, written over <paramref name="inverseMetric"/>, the current one. With
    /// fewer than two draws there is no sample variance, and the current value is regularized instead (as Stan's
    /// <c>welford_var_estimator</c> leaves its output unchanged then).
    /// </summary>
    public void Diagonal(double[] inverseMetric)
    {
        double n = _n;
        for (int i = 0; i < _d; i++)
        {
            double variance = _n > 1 ? _m2[i] / (n - 1) : inverseMetric[i];
            inverseMetric[i] = n / (n + 5.0) * variance + 1e-3 * (5.0 / (n + 5.0));
        }
        CheckFinite(inverseMetric.AsSpan());
    }

    /// <summary>
    /// The regularized dense estimate of M⁻¹, given the current one; with fewer than two draws the current one is
    /// regularized instead (as Stan's <c>welford_covar_estimator</c> leaves its output unchanged then).
    /// </summary>
    public double[,] Dense(double[,] current)
    {
        double n = _n;
        var m = new double[_d, _d];
        for (int i = 0; i < _d; i++)
            for (int j = 0; j < _d; j++)
            {
                double covariance = _n > 1 ? _m2Dense![i, j] / (n - 1) : current[i, j];
                m[i, j] = n / (n + 5.0) * covariance + (i == j ? 1e-3 * (5.0 / (n + 5.0)) : 0);
                if (!double.IsFinite(m[i, j])) ThrowOverflow();
            }
        // Symmetrize the rounding of Welford's asymmetric update.
        for (int i = 0; i < _d; i++)
            for (int j = 0; j < i; j++) m[i, j] = m[j, i] = 0.5 * (m[i, j] + m[j, i]);
        return m;
    }

    private static void CheckFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) ThrowOverflow();
    }

    private static void ThrowOverflow() => throw new InvalidOperationException(
        "Numerical overflow in metric adaptation: the warmup draws reached extreme values on the unconstrained space; " +
        "the posterior may be improper or too wide — check the model's priors.");
}
