namespace Probabilistic.Inference.Workflow;

/// <summary>
/// The log-likelihood of each observation at each posterior draw, log p(yᵢ | θ⁽ˢ⁾), kept per chain: the input of
/// <see cref="Loo"/> and <see cref="Waic"/> (ArviZ's <c>log_likelihood</c> group, R loo's <c>log_lik</c> array). An
/// observation is named by its address (<c>y/3</c>); an observation made without one is named <c>#k</c>, k its 0-based
/// position among the model's observations in one run.
/// </summary>
public sealed class PointwiseLogLikelihood
{
    private readonly string[] _observations;
    private readonly double[][][] _values; // [chain][draw][observation]

    /// <summary>Creates the matrix from values [chain][draw][observation].</summary>
    /// <param name="observations">The observations' names, one per innermost index, unique.</param>
    /// <param name="values">log p(yᵢ | θ⁽ˢ⁾) [chain][draw][observation]; finite or −∞ (NaN and +∞ are rejected).</param>
    public PointwiseLogLikelihood(IReadOnlyList<string> observations, double[][][] values)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(values);
        _observations = observations.ToArray();
        if (_observations.Length == 0) throw new ArgumentException("PointwiseLogLikelihood: there are no observations.", nameof(observations));
        if (_observations.Distinct(StringComparer.Ordinal).Count() != _observations.Length)
            throw new ArgumentException("PointwiseLogLikelihood: observation names must be unique.", nameof(observations));
        if (values.Length == 0) throw new ArgumentException("PointwiseLogLikelihood: there are no chains.", nameof(values));
        for (int c = 0; c < values.Length; c++)
        {
            if (values[c] is null || values[c].Length == 0) throw new ArgumentException($"PointwiseLogLikelihood: chain {c} has no draws.", nameof(values));
            if (values[c].Length != values[0].Length)
                throw new ArgumentException($"PointwiseLogLikelihood: chain {c} has {values[c].Length} draws but chain 0 has {values[0].Length}.", nameof(values));
            for (int d = 0; d < values[c].Length; d++)
            {
                var row = values[c][d];
                if (row is null || row.Length != _observations.Length)
                    throw new ArgumentException($"PointwiseLogLikelihood: chain {c}, draw {d} has {row?.Length ?? 0} values but there are {_observations.Length} observations.", nameof(values));
                for (int i = 0; i < row.Length; i++)
                    if (double.IsNaN(row[i]) || double.IsPositiveInfinity(row[i]))
                        throw new ArgumentException($"PointwiseLogLikelihood: observation '{_observations[i]}' has log-likelihood {row[i]} at chain {c}, draw {d}.", nameof(values));
            }
        }
        _values = values.Select(chain => chain.Select(row => (double[])row.Clone()).ToArray()).ToArray();
    }

    /// <summary>A one-chain matrix from values [draw][observation] (draws taken as independent, or chains already pooled).</summary>
    public PointwiseLogLikelihood(IReadOnlyList<string> observations, double[][] values) : this(observations, [values]) { }

    /// <summary>The observations' names, in the order of the model's run.</summary>
    public IReadOnlyList<string> Observations => _observations;

    /// <summary>The number of observations.</summary>
    public int Count => _observations.Length;

    /// <summary>The number of chains.</summary>
    public int Chains => _values.Length;

    /// <summary>The number of draws per chain.</summary>
    public int Draws => _values[0].Length;

    /// <summary>The draws of every chain, chain after chain, as rows [draw][observation].</summary>
    public double[][] Matrix() => _values.SelectMany(chain => chain.Select(row => (double[])row.Clone())).ToArray();

    /// <summary>The log-likelihood of one observation (by its position), per chain: [chain][draw].</summary>
    public double[][] ChainsOf(int observation)
    {
        if (observation < 0 || observation >= Count)
            throw new ArgumentOutOfRangeException(nameof(observation), observation, $"PointwiseLogLikelihood: there are {Count} observations.");
        return _values.Select(chain => chain.Select(row => row[observation]).ToArray()).ToArray();
    }

    /// <summary>The log-likelihood of one observation by name, all chains pooled.</summary>
    public double[] this[string observation]
    {
        get
        {
            int i = Array.IndexOf(_observations, observation);
            if (i < 0) throw new KeyNotFoundException($"PointwiseLogLikelihood: no observation named '{observation}'; they are {string.Join(", ", _observations.Take(20))}{(Count > 20 ? ", …" : "")}.");
            return ChainsOf(i).SelectMany(x => x).ToArray();
        }
    }
}
