namespace Probabilistic.Reports;

/// <summary>
/// A Gaussian kernel density estimate f̂(x) = Σᵢ wᵢ φ((x − xᵢ)/h)/h of (optionally weighted) draws, with Silverman's
/// rule-of-thumb bandwidth h = 0.9 min(σ̂, IQR/1.34) n_eff^(−1/5) (Silverman 1986, <i>Density Estimation</i>, eq. 3.31),
/// where n_eff = 1/Σwᵢ² is Kish's effective sample size (n for equal weights). Given a lower or upper bound of the
/// support, the estimate is corrected by reflection (Silverman 1986, §2.10: each kernel's mass beyond the bound is
/// folded back, f̂(x) + f̂(2a − x)), so a density on (0, ∞) neither spills below 0 nor drops to half its height there,
/// and <see cref="Grid"/> stays inside the bounds.
/// </summary>
public sealed class KernelDensity
{
    private readonly double[] _points;
    private readonly double[] _weights;

    /// <summary>Estimates the density of <paramref name="draws"/>, weighted by <paramref name="weights"/> (equal when null).</summary>
    /// <param name="draws">The draws.</param>
    /// <param name="weights">Their weights (equal when null).</param>
    /// <param name="lower">The lower bound of the support (−∞ for none): the estimate reflects at it.</param>
    /// <param name="upper">The upper bound of the support (+∞ for none): the estimate reflects at it.</param>
    /// <exception cref="ArgumentException">No draws, a non-finite draw, a draw outside [lower, upper], bounds with lower ≥ upper or NaN, or weights that are negative, of another length, or sum to zero.</exception>
    public KernelDensity(IReadOnlyList<double> draws, IReadOnlyList<double>? weights = null, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity)
    {
        if (double.IsNaN(lower) || double.IsNaN(upper) || !(lower < upper))
            throw new ArgumentException($"KernelDensity: the bounds must satisfy lower < upper; got [{lower}, {upper}].", nameof(lower));
        Lower = lower;
        Upper = upper;
        ArgumentNullException.ThrowIfNull(draws);
        if (draws.Count == 0) throw new ArgumentException("KernelDensity: there are no draws.", nameof(draws));
        if (weights is not null && weights.Count != draws.Count)
            throw new ArgumentException($"KernelDensity: {draws.Count} draws but {weights.Count} weights.", nameof(weights));
        _points = draws.ToArray();
        foreach (var x in _points)
        {
            if (!double.IsFinite(x)) throw new ArgumentException($"KernelDensity: a draw is {x}.", nameof(draws));
            if (x < lower || x > upper) throw new ArgumentException($"KernelDensity: the draw {x} lies outside the bounds [{lower}, {upper}].", nameof(draws));
        }
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

    /// <summary>The lower bound of the support the estimate reflects at (−∞ for none).</summary>
    public double Lower { get; }

    /// <summary>The upper bound of the support the estimate reflects at (+∞ for none).</summary>
    public double Upper { get; }

    /// <summary>The estimated density at <paramref name="x"/> (0 outside the bounds).</summary>
    public double Density(double x)
    {
        if (x < Lower || x > Upper) return 0;
        double f = 0, h = Bandwidth;
        bool reflectLow = double.IsFinite(Lower), reflectHigh = double.IsFinite(Upper);
        for (int i = 0; i < _points.Length; i++)
        {
            double z = (x - _points[i]) / h, k = Math.Exp(-0.5 * z * z);
            if (reflectLow)
            {
                double zl = (x - (2 * Lower - _points[i])) / h;
                k += Math.Exp(-0.5 * zl * zl);
            }
            if (reflectHigh)
            {
                double zu = (x - (2 * Upper - _points[i])) / h;
                k += Math.Exp(-0.5 * zu * zu);
            }
            f += _weights[i] * k;
        }
        return f / (h * Math.Sqrt(2 * Math.PI));
    }

    /// <summary>The density on <paramref name="points"/> equally spaced points from min − 3h to max + 3h, cut at the bounds.</summary>
    public (double[] X, double[] Y) Grid(int points = 200)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "KernelDensity.Grid: at least two points.");
        double lo = Math.Max(Lower, Min - 3 * Bandwidth), hi = Math.Min(Upper, Max + 3 * Bandwidth);
        if (!(hi > lo)) { lo = Min - 3 * Bandwidth; hi = Max + 3 * Bandwidth; }
        var xs = new double[points];
        var ys = new double[points];
        for (int k = 0; k < points; k++)
        {
            // lo + (hi − lo) rounds to one ulp above hi for some bounds: clamp, so the grid stays inside [lo, hi].
            xs[k] = Math.Min(hi, lo + (hi - lo) * k / (points - 1));
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
