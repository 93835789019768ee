namespace Probabilistic.Distributions;

/// <summary>Categorical(probs): the integer i ∈ {0, …, K−1} with probability probs[i].</summary>
public sealed class Categorical : IFiniteDistribution<int>, IDiscreteDistribution
{
    private readonly Real[] _probs;
    private readonly double[] _cumulative;

    /// <summary>Creates Categorical(probs): each probability in [0, 1], summing to 1 (to 1e-9).</summary>
    public Categorical(params Real[] probs)
    {
        ArgumentNullException.ThrowIfNull(probs);
        if (probs.Length == 0) throw new ArgumentException("Categorical: probs must have at least one entry.", nameof(probs));
        _probs = (Real[])probs.Clone();
        _cumulative = new double[probs.Length];
        double sum = 0;
        for (int i = 0; i < probs.Length; i++)
        {
            Parameters.Probability(nameof(Categorical), $"probs[{i}]", probs[i].Value);
            sum += probs[i].Value;
            _cumulative[i] = sum;
        }
        if (Math.Abs(sum - 1.0) > 1e-9)
            throw new ArgumentException($"Categorical: probs must sum to 1, but they sum to {sum:R}.", nameof(probs));
    }

    /// <summary>Creates Categorical from real probabilities.</summary>
    public Categorical(params double[] probs) : this(ToReal(probs)) { }

    private static Real[] ToReal(double[] probs)
    {
        ArgumentNullException.ThrowIfNull(probs);
        var r = new Real[probs.Length];
        for (int i = 0; i < r.Length; i++) r[i] = probs[i];
        return r;
    }

    /// <summary>The probabilities.</summary>
    public IReadOnlyList<Real> Probs => _probs;

    /// <summary>The number of categories K.</summary>
    public int Count => _probs.Length;

    /// <inheritdoc />
    public string Name => $"Categorical(probs=[{string.Join(", ", _probs)}])";

    /// <inheritdoc />
    public Support Support => Support.IntegerInterval(0, _probs.Length - 1);

    /// <summary>The mean Σ i·probs[i].</summary>
    public double Mean
    {
        get
        {
            double m = 0;
            for (int i = 0; i < _probs.Length; i++) m += i * _probs[i].Value;
            return m;
        }
    }

    /// <summary>The variance Σ (i − mean)²·probs[i].</summary>
    public double Variance
    {
        get
        {
            double m = Mean, v = 0;
            for (int i = 0; i < _probs.Length; i++) v += (i - m) * (i - m) * _probs[i].Value;
            return v;
        }
    }

    /// <inheritdoc />
    public int Sample(Rng rng)
    {
        double u = rng.NextDouble() * _cumulative[^1];
        for (int i = 0; i < _cumulative.Length - 1; i++)
            if (u < _cumulative[i] && _probs[i].Value > 0) return i;
        for (int i = _cumulative.Length - 1; i > 0; i--)
            if (_probs[i].Value > 0) return i;
        return 0;
    }

    /// <inheritdoc />
    public Real LogProb(int value) =>
        value < 0 || value >= _probs.Length ? double.NegativeInfinity : RealMath.Log(_probs[value]);

    /// <inheritdoc />
    public IReadOnlyList<int> EnumerateSupport()
    {
        var s = new List<int>(_probs.Length);
        for (int i = 0; i < _probs.Length; i++)
            if (_probs[i].Value > 0) s.Add(i);
        return s;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
