namespace Probabilistic.Distributions;

/// <summary>
/// Normal(μ, σ) over a whole vector of data with one mean per datum and a shared scale or one scale per datum — Stan's
/// vectorized <c>y ~ normal(mu, sigma)</c>, Pyro's <c>Normal(mu, sigma).to_event(1)</c>: the elements are independent
/// and <see cref="LogProb"/> is Σᵢ log N(yᵢ | μᵢ, σᵢ) recorded as <b>one</b> tape node with its replay kernel
/// (<see cref="Likelihoods.NormalLogDensitySum(ReadOnlySpan{double}, ReadOnlySpan{Real}, Real)"/> and its per-datum-scale
/// form), so <c>Observe("y", Normal(mu, sigma), y)</c> is one score at <c>y</c> and stays on the compiled path.
/// Create it with <c>Dist.Normal(Real[] mu, Real sigma)</c> or <c>Dist.Normal(Real[] mu, Real[] sigma)</c>.
/// </summary>
public sealed class NormalVector : IDistribution<double[]>
{
    private readonly Real[] _mu;
    private readonly Real[]? _sigmas;
    private readonly Real _sigma;

    /// <summary>Normal(μᵢ, σ) for each i, with a shared scale.</summary>
    /// <exception cref="ArgumentException">A mean is not finite, or σ is not positive and finite (the message names the index and the value).</exception>
    public NormalVector(Real[] mu, Real sigma)
    {
        _mu = CheckedMeans(mu);
        Parameters.RequirePositive(nameof(Normal), "sigma", sigma.Value);
        _sigma = sigma;
    }

    /// <summary>Normal(μᵢ, σᵢ) for each i.</summary>
    /// <exception cref="ArgumentException">The lengths differ, a mean is not finite, or a scale is not positive and finite.</exception>
    public NormalVector(Real[] mu, Real[] sigma)
    {
        _mu = CheckedMeans(mu);
        ArgumentNullException.ThrowIfNull(sigma);
        if (sigma.Length != mu.Length)
            throw new ArgumentException($"Normal: sigma has length {sigma.Length} but mu has length {mu.Length}; give one scale per mean, or one scale.", nameof(sigma));
        for (int i = 0; i < sigma.Length; i++)
            if (!(sigma[i].Value > 0) || double.IsPositiveInfinity(sigma[i].Value))
                throw new ArgumentException($"Normal: sigma[{i}] must be positive and finite, but is {sigma[i].Value:R}.", nameof(sigma));
        _sigmas = sigma;
    }

    private static Real[] CheckedMeans(Real[] mu)
    {
        ArgumentNullException.ThrowIfNull(mu);
        for (int i = 0; i < mu.Length; i++)
            if (!double.IsFinite(mu[i].Value))
                throw new ArgumentException($"Normal: mu[{i}] must be finite, but is {mu[i].Value:R}.", nameof(mu));
        return mu;
    }

    /// <summary>The number of elements.</summary>
    public int Length => _mu.Length;

    /// <summary>The means μᵢ.</summary>
    public IReadOnlyList<Real> Mu => _mu;

    /// <summary>The scale of element <paramref name="i"/>.</summary>
    public Real Sigma(int i) => _sigmas is null ? _sigma : _sigmas[i];

    /// <inheritdoc />
    public string Name => _sigmas is null ? $"Normal(mu=[{_mu.Length} means], sigma={_sigma})" : $"Normal(mu=[{_mu.Length} means], sigma=[{_sigmas.Length} scales])";

    /// <summary>Draws every element independently: μᵢ + σᵢ·z with z standard normal.</summary>
    public double[] Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var y = new double[_mu.Length];
        for (int i = 0; i < y.Length; i++) y[i] = _mu[i].Value + Sigma(i).Value * rng.NextGaussian();
        return y;
    }

    /// <summary>Σᵢ log N(valueᵢ | μᵢ, σᵢ), as one tape node.</summary>
    /// <exception cref="ArgumentException">The value's length differs from the number of means.</exception>
    public Real LogProb(double[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != _mu.Length)
            throw new ArgumentException($"Normal: the observed vector has length {value.Length} but mu has length {_mu.Length}.", nameof(value));
        return _sigmas is null
            ? Likelihoods.NormalLogDensitySum(value, _mu, _sigma)
            : Likelihoods.NormalLogDensitySum(value, _mu, (ReadOnlySpan<Real>)_sigmas);
    }
}
