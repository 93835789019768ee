namespace Probabilistic.Inference.Particles;

/// <summary>
/// Streaming reductions over (log weight, statistics) pairs in constant memory. The weights are kept relative to
/// the largest log weight m seen so far (Σ e^{wᵢ−m} and Σ e^{2(wᵢ−m)}), rescaled by e^{m_old − m_new} when m grows,
/// so no weight overflows or underflows wholesale (the log-sum-exp trick, applied online). Each statistic's weighted
/// mean and sum of squared deviations are updated by West's weighted form of Welford's algorithm (D. H. D. West,
/// "Updating mean and variance estimates: an improved method", CACM 22(9), 1979), which rescaling leaves valid:
/// the mean does not change and the sum of squares scales with the weights.
/// </summary>
internal sealed class LogWeightAccumulator(int statistics)
{
    private readonly double[] _means = new double[statistics];
    private readonly double[] _squares = new double[statistics];
    private double _max = double.NegativeInfinity, _sum, _sumSquares;

    /// <summary>Number of pairs added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one sample: its log weight and its statistics (read only when the weight is positive).</summary>
    public void Add(double logWeight, ReadOnlySpan<double> values)
    {
        Count++;
        if (double.IsNegativeInfinity(logWeight)) return;
        if (logWeight > _max)
        {
            double scale = Math.Exp(_max - logWeight); // 0 the first time
            _sum *= scale;
            _sumSquares *= scale * scale;
            for (int k = 0; k < _squares.Length; k++) _squares[k] *= scale;
            _max = logWeight;
        }
        double w = Math.Exp(logWeight - _max);
        _sum += w;
        _sumSquares += w * w;
        double share = w / _sum;
        for (int k = 0; k < _means.Length; k++)
        {
            double delta = values[k] - _means[k];
            _means[k] += share * delta;
            _squares[k] += w * delta * (values[k] - _means[k]);
        }
    }

    /// <summary>True when some sample had a positive weight.</summary>
    public bool AnyPositive => _sum > 0;

    /// <summary>log((1/N) Σ e^{wᵢ}).</summary>
    public double LogMeanExp => _sum > 0 ? _max + Math.Log(_sum / Count) : double.NegativeInfinity;

    /// <summary>(Σw)² / Σw².</summary>
    public double EffectiveSampleSize => _sum > 0 ? _sum * _sum / _sumSquares : 0;

    /// <summary>The self-normalized means of the statistics.</summary>
    public double[] Means() => (double[])_means.Clone();

    /// <summary>The normalized weighted variances Σ w̄ᵢ (fᵢ − mean)².</summary>
    public double[] Variances() => Array.ConvertAll(_squares, s => _sum > 0 ? s / _sum : double.NaN);
}
