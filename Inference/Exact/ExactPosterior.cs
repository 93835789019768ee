using System.Text;

namespace Probabilistic.Inference;

/// <summary>
/// The exact, normalized distribution of a model's return value, with the log evidence
/// log p(observations). It is itself a finite distribution, so it can be sampled or used inside another model.
/// </summary>
public sealed class ExactPosterior<T> : IFiniteDistribution<T>
    where T : notnull
{
    private readonly T[] _values;
    private readonly double[] _probabilities;
    private readonly Dictionary<T, int> _index;

    private ExactPosterior(T[] values, double[] probabilities, double logEvidence)
    {
        _values = values;
        _probabilities = probabilities;
        LogEvidence = logEvidence;
        _index = new Dictionary<T, int>(values.Length);
        for (int i = 0; i < values.Length; i++) _index[values[i]] = i;
    }

    /// <summary>Groups equal values (by <see cref="EqualityComparer{T}.Default"/>) and normalizes with log-sum-exp.</summary>
    internal static ExactPosterior<T> FromWeightedOutcomes(List<(T Value, double LogWeight)> outcomes)
    {
        double max = double.NegativeInfinity;
        foreach (var o in outcomes) max = Math.Max(max, o.LogWeight);
        var sums = new Dictionary<T, double>();
        var order = new List<T>();
        double total = 0;
        foreach (var (v, lw) in outcomes)
        {
            double w = Math.Exp(lw - max);
            total += w;
            if (sums.TryGetValue(v, out var s)) sums[v] = s + w;
            else
            {
                sums[v] = w;
                order.Add(v);
            }
        }
        var values = order.ToArray();
        var probs = new double[values.Length];
        for (int i = 0; i < values.Length; i++) probs[i] = sums[values[i]] / total;
        return new ExactPosterior<T>(values, probs, max + Math.Log(total));
    }

    /// <summary>log p(observations): the log of the sum of the weights of every execution.</summary>
    public double LogEvidence { get; }

    /// <summary>The evidence p(observations).</summary>
    public double Evidence => Math.Exp(LogEvidence);

    /// <summary>The distinct return values, in the order first reached.</summary>
    public IReadOnlyList<T> Values => _values;

    /// <summary>The posterior probability of each value of <see cref="Values"/>.</summary>
    public IReadOnlyList<double> Probabilities => _probabilities;

    /// <summary>The posterior probability of <paramref name="value"/> (0 when it never occurs).</summary>
    public double Probability(T value) => _index.TryGetValue(value, out int i) ? _probabilities[i] : 0.0;

    /// <summary>The posterior probability of the event <paramref name="predicate"/>.</summary>
    public double Probability(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        double p = 0;
        for (int i = 0; i < _values.Length; i++)
            if (predicate(_values[i])) p += _probabilities[i];
        return p;
    }

    /// <summary>The posterior expectation of <paramref name="f"/>.</summary>
    public double Expectation(Func<T, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        double e = 0;
        for (int i = 0; i < _values.Length; i++) e += f(_values[i]) * _probabilities[i];
        return e;
    }

    /// <inheritdoc />
    public string Name => $"ExactPosterior({_values.Length} values)";

    /// <inheritdoc />
    public T Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double u = rng.NextDouble(), c = 0;
        for (int i = 0; i < _values.Length; i++)
        {
            c += _probabilities[i];
            if (u < c) return _values[i];
        }
        return _values[^1];
    }

    /// <inheritdoc />
    public Real LogProb(T value) => Math.Log(Probability(value));

    /// <inheritdoc />
    public IReadOnlyList<T> EnumerateSupport() => _values;

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder($"ExactPosterior (log evidence {LogEvidence:G6})");
        for (int i = 0; i < _values.Length; i++) sb.AppendLine().Append($"  {_values[i]}: {_probabilities[i]:G6}");
        return sb.ToString();
    }
}
