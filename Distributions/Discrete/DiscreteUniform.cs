using Probabilistic.Distributions.Discrete;

namespace Probabilistic.Distributions;

/// <summary>
/// DiscreteUniform(lower, upper): each integer of lower, lower + 1, …, upper (both inclusive) with
/// probability 1/(upper − lower + 1) (Stan's <c>discrete_range(lower, upper)</c>).
/// </summary>
/// <remarks>
/// Sampling: lower + an unbiased uniform integer (Lemire's method, see <see cref="Rng.NextInt"/>).
/// The bounds are integers, so the log mass has no gradient.
/// </remarks>
public sealed class DiscreteUniform : IFiniteDistribution<int>, IDiscreteDistribution
{
    private readonly int _count;
    private readonly double _logMass;
    private readonly Support _support;

    /// <summary>Creates DiscreteUniform(lower, upper): lower ≤ upper, with at most int.MaxValue values.</summary>
    /// <exception cref="ArgumentException">upper &lt; lower, or the range holds more than int.MaxValue integers.</exception>
    public DiscreteUniform(int lower, int upper)
    {
        if (upper < lower)
            throw new ArgumentException($"{nameof(DiscreteUniform)}: upper must be at least lower = {lower}, but is {upper}.", nameof(upper));
        long count = (long)upper - lower + 1;
        if (count > int.MaxValue)
            throw new ArgumentException($"{nameof(DiscreteUniform)}: the range [{lower}, {upper}] holds {count} integers, more than int.MaxValue.", nameof(upper));
        Lower = lower;
        Upper = upper;
        _count = (int)count;
        _logMass = -Math.Log(count);
        _support = Support.IntegerInterval(lower, upper);
    }

    /// <summary>The smallest value.</summary>
    public int Lower { get; }

    /// <summary>The largest value.</summary>
    public int Upper { get; }

    /// <inheritdoc />
    public string Name => $"DiscreteUniform(lower={Lower}, upper={Upper})";

    /// <summary>The integers lower, …, upper.</summary>
    public Support Support => _support;

    /// <summary>The mean (lower + upper)/2.</summary>
    public double Mean => 0.5 * ((double)Lower + Upper);

    /// <summary>The variance (m² − 1)/12 with m = upper − lower + 1 values.</summary>
    public double Variance => ((double)_count * _count - 1) / 12.0;

    /// <inheritdoc />
    public int Sample(Rng rng) => Lower + rng.NextInt(_count);

    /// <summary>−log(upper − lower + 1) for lower ≤ k ≤ upper, −∞ otherwise.</summary>
    public Real LogProb(int value) => value >= Lower && value <= Upper ? _logMass : double.NegativeInfinity;

    /// <summary>lower, …, upper, without storing them.</summary>
    public IReadOnlyList<int> EnumerateSupport() => new IntegerRange(Lower, _count);

    /// <inheritdoc />
    public override string ToString() => Name;
}
