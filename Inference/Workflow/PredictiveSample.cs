namespace Probabilistic.Inference.Workflow;

/// <summary>
/// Replicated data from a prior or posterior predictive distribution (Gelman et al., BDA3, section 6.3; Pyro's
/// <c>Predictive</c>): for each draw of the latent choices, a fresh draw of every observation from its distribution at
/// those values. Observations are named by address (<c>y/3</c>, 0-based as addresses are everywhere), or <c>#k</c> for an
/// observation made without an address (k its 0-based position among the model's observations); the observed values
/// are kept beside the replicates for checks such as LOO-PIT (<see cref="Loo.Pit"/>).
/// </summary>
public sealed class PredictiveSample
{
    private readonly string[] _observations;
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private readonly double[][] _draws; // [draw][flattened element]
    private readonly double[] _observed;

    internal PredictiveSample(string kind, string[] observations, int[] lengths, double[][] draws, double[] observed, Posterior? latents, object?[] returnValues)
    {
        Kind = kind;
        _observations = observations;
        _lengths = lengths;
        _offsets = new int[lengths.Length];
        for (int i = 1; i < lengths.Length; i++) _offsets[i] = _offsets[i - 1] + lengths[i - 1];
        _draws = draws;
        _observed = observed;
        Latents = latents;
        ReturnValues = returnValues;
    }

    /// <summary><c>prior</c> or <c>posterior</c>.</summary>
    public string Kind { get; }

    /// <summary>The number of replicates.</summary>
    public int Count => _draws.Length;

    /// <summary>The observations' names (addresses), in the order the model makes them.</summary>
    public IReadOnlyList<string> Observations => _observations;

    /// <summary>
    /// The latent draws the replicates came from: the prior draws for a prior predictive (a one-chain
    /// <see cref="Posterior"/> with their columns), null for a posterior predictive (they are the posterior's).
    /// </summary>
    public Posterior? Latents { get; }

    /// <summary>The model's return value at each replicate's latent draw.</summary>
    public IReadOnlyList<object?> ReturnValues { get; }

    /// <summary>The replicates of a scalar observation by name (<c>y/3</c>, <c>#0</c>), one per draw.</summary>
    public double[] this[string observation] => Values(observation, -1);

    /// <summary>
    /// The replicates of one observation, one per draw: a scalar observation with <paramref name="index"/> = −1, or
    /// element <paramref name="index"/> (0-based) of a vector observation.
    /// </summary>
    public double[] Values(string observation, int index = -1)
    {
        int column = Column(observation, index);
        return _draws.Select(row => row[column]).ToArray();
    }

    /// <summary>The observed value of a scalar observation (or element <paramref name="index"/> of a vector one).</summary>
    public double Observed(string observation, int index = -1) => _observed[Column(observation, index)];

    /// <summary>The replicates as rows [draw][element], elements observation after observation (vectors flattened).</summary>
    public double[][] Matrix() => _draws.Select(row => (double[])row.Clone()).ToArray();

    /// <summary>The observed data flattened in the order of the columns of <see cref="Matrix"/>.</summary>
    public double[] ObservedData() => (double[])_observed.Clone();

    private int Column(string observation, int index)
    {
        ArgumentNullException.ThrowIfNull(observation);
        int i = Array.IndexOf(_observations, observation);
        if (i < 0) throw new KeyNotFoundException($"PredictiveSample: no observation named '{observation}'; they are {string.Join(", ", _observations.Take(20))}{(_observations.Length > 20 ? ", …" : "")}.");
        if (index == -1)
        {
            if (_lengths[i] != 1) throw new KeyNotFoundException($"PredictiveSample: '{observation}' is a vector of {_lengths[i]} elements; give an index (0-based).");
            return _offsets[i];
        }
        if (index < 0 || index >= _lengths[i]) throw new ArgumentOutOfRangeException(nameof(index), index, $"PredictiveSample: '{observation}' has elements 0 to {_lengths[i] - 1}.");
        return _offsets[i] + index;
    }
}
