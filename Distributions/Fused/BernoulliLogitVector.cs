namespace Probabilistic.Distributions;

/// <summary>
/// Bernoulli(logit⁻¹(ηᵢ)) over a whole vector of 0/1 outcomes, one logit per datum — Stan's vectorized
/// <c>y ~ bernoulli_logit(eta)</c>: <see cref="LogProb"/> is Σᵢ log Bernoulli(yᵢ | logit⁻¹(ηᵢ)) recorded as <b>one</b> tape
/// node with its replay kernel (<see cref="Likelihoods.BernoulliLogitLogMassSum"/>). Create it with
/// <c>Dist.BernoulliLogit(Real[] eta)</c>; outcomes are <c>int</c> 0 or 1, as in Stan.
/// </summary>
public sealed class BernoulliLogitVector : IDistribution<int[]>
{
    private readonly Real[] _logits;

    /// <summary>Bernoulli(logit⁻¹(ηᵢ)) for each i.</summary>
    /// <exception cref="ArgumentException">A logit is NaN (the message names the index).</exception>
    public BernoulliLogitVector(Real[] logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        for (int i = 0; i < logits.Length; i++)
            if (double.IsNaN(logits[i].Value))
                throw new ArgumentException($"BernoulliLogit: logits[{i}] is NaN.", nameof(logits));
        _logits = logits;
    }

    /// <summary>The number of elements.</summary>
    public int Length => _logits.Length;

    /// <summary>The logits ηᵢ.</summary>
    public IReadOnlyList<Real> Logits => _logits;

    /// <inheritdoc />
    public string Name => $"BernoulliLogit(logits=[{_logits.Length} values])";

    /// <summary>Draws every element independently: 1 with probability logit⁻¹(ηᵢ).</summary>
    public int[] Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var y = new int[_logits.Length];
        for (int i = 0; i < y.Length; i++) y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-_logits[i].Value)) ? 1 : 0;
        return y;
    }

    /// <summary>Σᵢ log Bernoulli(valueᵢ | logit⁻¹(ηᵢ)) as one tape node; −∞ when an outcome is neither 0 nor 1.</summary>
    /// <exception cref="ArgumentException">The value's length differs from the number of logits.</exception>
    public Real LogProb(int[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != _logits.Length)
            throw new ArgumentException($"BernoulliLogit: the observed vector has length {value.Length} but there are {_logits.Length} logits.", nameof(value));
        return Likelihoods.BernoulliLogitLogMassSum(value, _logits);
    }
}
