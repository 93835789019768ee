namespace Probabilistic.Reports;

/// <summary>
/// A Gaussian kernel density estimate f̂(x) = Σᵢ wᵢ φ((x − xᵢ)/h)/h of (optionally weighted) draws, with Silverman's
/// rule-of-thumb bandwidth h = 0.9 min(σ̂, IQR/1.34) n_eff^(−1/5) (Silverman 1986, <i>Density Estimation</i>, eq. 3.31),
/// where n_eff = 1/Σwᵢ² is Kish's effective sample size (n for equal weights).
/// </summary>
public sealed class KernelDensity
{
    private readonly double[] _points;
    private readonly double[] _weights;

    /// <summary>Estimates the density of <paramref name="draws"/>, weighted by <paramref name="weights"/> (equal when null).</summary>
    /// <exception cref="ArgumentException">No draws, a non-finite draw, or weights that are negative, of another length, or sum to zero.</exception>
    public KernelDensity(IReadOnlyList<double> draws, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(draws);
        if (draws.Count == 0) throw new ArgumentException("KernelDensity: there are no draws.", nameof(draws));
        if (weights is not null && weights.Count != draws.Count)
            throw new ArgumentException($"KernelDensity: {draws.Count} draws but {weights.Count} weights.", nameof(weights));
        _points = draws.ToArray();
        foreach (var x in _points)
            if (!double.IsFinite(x)) throw new ArgumentException($"KernelDensity: a draw is {x}.", nameof(draws));
        _weights = weights?.ToArray() ?? Enumerable.Repeat(1.0, _points.Length).ToArray();
        double total = 0;
        foreach (var w in _weights)
        {
            if (!(w >= 0) || double.IsPositiveInfinity(w)) throw new ArgumentException($"KernelDensity: a weight is {w}.", nameof(weights));
            total += w;
        }
        if (total <= 0) throw new ArgumentException("KernelDensity: the weights sum to zero.", nameof(weights));
        double mean = 0, sumSquares = 0;
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] /= total;
            mean += _weights[i] * _points[i];
            sumSquares += _weights[i] * _weights[i];
        }
        double variance = 0;
        for (int i = 0; i < _points.Length; i++) variance += _weights[i] * (_points[i] - mean) * (_points[i] - mean);
        double sd = Math.Sqrt(variance), iqr = Quantile(0.75) - Quantile(0.25);
        double spread = iqr > 0 ? Math.Min(sd, iqr / 1.34) : sd;
        if (!(spread > 0)) spread = Math.Max(Math.Abs(mean), 1.0) * 1e-3; // all draws equal: a narrow bump
        Bandwidth = 0.9 * spread * Math.Pow(1.0 / sumSquares, -0.2);
        Min = _points.Min();
        Max = _points.Max();
    }

    /// <summary>The kernel's standard deviation h.</summary>
    public double Bandwidth { get; }

    /// <summary>The smallest draw.</summary>
    public double Min { get; }

    /// <summary>The largest draw.</summary>
    public double Max { get; }

    /// <summary>The estimated density at <paramref name="x"/>.</summary>
    public double Density(double x)
    {
        double f = 0, h = Bandwidth;
        for (int i = 0; i < _points.Length; i++)
        {
            double z = (x - _points[i]) / h;
            f += _weights[i] * Math.Exp(-0.5 * z * z);
        }
        return f / (h * Math.Sqrt(2 * Math.PI));
    }

    /// <summary>The density on <paramref name="points"/> equally spaced points from min − 3h to max + 3h.</summary>
    public (double[] X, double[] Y) Grid(int points = 200)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "KernelDensity.Grid: at least two points.");
        double lo = Min - 3 * Bandwidth, hi = Max + 3 * Bandwidth;
        var xs = new double[points];
        var ys = new double[points];
        for (int k = 0; k < points; k++)
        {
            xs[k] = lo + (hi - lo) * k / (points - 1);
            ys[k] = Density(xs[k]);
        }
        return (xs, ys);
    }

    private double Quantile(double p)
    {
        var order = Enumerable.Range(0, _points.Length).OrderBy(i => _points[i]).ToArray();
        double cumulative = 0;
        foreach (var i in order)
        {
            cumulative += _weights[i];
            if (cumulative >= p) return _points[i];
        }
        return _points[order[^1]];
    }
}
