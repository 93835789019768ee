namespace Probabilistic.Distributions;

/// <summary>UniformDraw(values): each of n distinct values with probability 1/n (WebPPL's <c>uniformDraw</c>).</summary>
public sealed class UniformDraw<T> : IFiniteDistribution<T>
{
    private readonly T[] _values;
    private readonly double _logP;

    /// <summary>Creates the uniform distribution over <paramref name="values"/>: at least one, all distinct.</summary>
    public UniformDraw(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values.ToArray();
        if (_values.Length == 0) throw new ArgumentException("UniformDraw: values must not be empty.", nameof(values));
        var seen = new HashSet<T>();
        for (int i = 0; i < _values.Length; i++)
            if (!seen.Add(_values[i])) throw new ArgumentException($"UniformDraw: values must be distinct, but {_values[i]} appears again at position {i}.", nameof(values));
        _logP = -Math.Log(_values.Length);
    }

    /// <summary>The values.</summary>
    public IReadOnlyList<T> Values => _values;

    /// <inheritdoc />
    public string Name => $"UniformDraw({string.Join(", ", _values.Take(8))}{(_values.Length > 8 ? ", …" : "")})";

    /// <inheritdoc />
    public T Sample(Rng rng) => _values[rng.NextInt(_values.Length)];

    /// <inheritdoc />
    public Real LogProb(T value) => Array.IndexOf(_values, value) >= 0 ? _logP : double.NegativeInfinity;

    /// <inheritdoc />
    public IReadOnlyList<T> EnumerateSupport() => _values;

    /// <inheritdoc />
    public override string ToString() => Name;
}
