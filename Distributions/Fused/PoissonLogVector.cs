namespace Probabilistic.Distributions;

/// <summary>
/// Poisson(exp(ηᵢ)) over a whole vector of counts, one log rate per datum — Stan's vectorized
/// <c>y ~ poisson_log(eta)</c>: <see cref="LogProb"/> is Σᵢ log Poisson(yᵢ | e^ηᵢ) recorded as <b>one</b> tape node with its
/// replay kernel (<see cref="Likelihoods.PoissonLogLogMassSum"/>). Create it with <c>Dist.PoissonLog(Real[] eta)</c>.
/// </summary>
public sealed class PoissonLogVector : IDistribution<int[]>
{
    private readonly Real[] _logRates;

    /// <summary>Poisson(exp(ηᵢ)) for each i.</summary>
    /// <exception cref="ArgumentException">A log rate is NaN or +∞ (the message names the index).</exception>
    public PoissonLogVector(Real[] logRates)
    {
        ArgumentNullException.ThrowIfNull(logRates);
        for (int i = 0; i < logRates.Length; i++)
            if (double.IsNaN(logRates[i].Value) || double.IsPositiveInfinity(logRates[i].Value))
                throw new ArgumentException($"PoissonLog: logRates[{i}] must be below +∞, but is {logRates[i].Value:R}.", nameof(logRates));
        _logRates = logRates;
    }

    /// <summary>The number of elements.</summary>
    public int Length => _logRates.Length;

    /// <summary>The log rates ηᵢ.</summary>
    public IReadOnlyList<Real> LogRates => _logRates;

    /// <inheritdoc />
    public string Name => $"PoissonLog(logRates=[{_logRates.Length} values])";

    /// <summary>Draws every element independently from Poisson(e^ηᵢ).</summary>
    public int[] Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var y = new int[_logRates.Length];
        for (int i = 0; i < y.Length; i++) y[i] = (int)Discrete.PoissonVariate.Sample(rng, Math.Exp(_logRates[i].Value));
        return y;
    }

    /// <summary>Σᵢ log Poisson(valueᵢ | e^ηᵢ) as one tape node; −∞ when a count is negative.</summary>
    /// <exception cref="ArgumentException">The value's length differs from the number of log rates.</exception>
    public Real LogProb(int[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != _logRates.Length)
            throw new ArgumentException($"PoissonLog: the observed vector has length {value.Length} but there are {_logRates.Length} log rates.", nameof(value));
        return Likelihoods.PoissonLogLogMassSum(value, _logRates);
    }
}
