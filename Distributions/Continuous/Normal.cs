namespace Probabilistic.Distributions;

/// <summary>
/// Normal(mu, sigma): the Gaussian with mean μ ∈ ℝ and standard deviation σ &gt; 0 (Stan's
/// <c>normal(mu, sigma)</c>), density p(x) = exp(−(x − μ)²/(2σ²))/(σ√(2π)) on ℝ.
/// </summary>
public sealed class Normal : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _mu, _sigma, _logSigma;

    /// <summary>Creates Normal(mu, sigma).</summary>
    /// <exception cref="ArgumentException">mu is not finite, or sigma is not positive and finite (ParamName "mu" or "sigma").</exception>
    public Normal(Real mu, Real sigma)
    {
        Parameters.Finite(nameof(Normal), "mu", mu.Value);
        Parameters.Positive(nameof(Normal), "sigma", sigma.Value);
        Mu = mu;
        Sigma = sigma;
        _mu = mu.Value;
        _sigma = sigma.Value;
        _logSigma = Math.Log(_sigma);
    }

    /// <summary>The mean μ.</summary>
    public Real Mu { get; }

    /// <summary>The standard deviation σ.</summary>
    public Real Sigma { get; }

    /// <inheritdoc />
    public string Name => $"Normal(mu={Mu}, sigma={Sigma})";

    /// <inheritdoc />
    public Support Support => Support.Real;

    /// <summary>μ.</summary>
    public double Mean => _mu;

    /// <summary>σ².</summary>
    public double Variance => _sigma * _sigma;

    /// <summary>μ + σε with ε from <see cref="Rng.NextGaussian"/> (Marsaglia's polar method).</summary>
    public Real Sample(Rng rng) => new(_mu + _sigma * rng.NextGaussian());

    /// <summary>x = μ + σε, ε ~ Normal(0, 1): ∂x/∂μ = 1, ∂x/∂σ = ε.</summary>
    public Real Rsample(Rng rng)
    {
        double eps = rng.NextGaussian();
        return Numerics.Tape.Record(_mu + _sigma * eps, Mu, 1.0, Sigma, eps);
    }

    /// <summary>
    /// log p(x) = −z²/2 − log σ − ½ log 2π with z = (x − μ)/σ; −∞ for x not finite. One node, with
    /// ∂/∂x = −z/σ, ∂/∂μ = z/σ, ∂/∂σ = (z² − 1)/σ.
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!double.IsFinite(xv)) return double.NegativeInfinity;
        double inv = 1.0 / _sigma;
        double z = (xv - _mu) * inv;
        double v = -0.5 * z * z - _logSigma - StandardNormal.HalfLogTwoPi;
        if (TapeNode.AllConstant(x, Mu, Sigma)) return new Real(v);
        double dz = z * inv;
        return TapeNode.Record(v, x, -dz, Mu, dz, Sigma, (z * z - 1) * inv);
    }

    /// <summary>log Φ((x − μ)/σ) (<see cref="StandardNormal"/>), with exact partials.</summary>
    public Real LogCdf(Real x) => Tail(x, 1.0);

    /// <summary>log(1 − Φ((x − μ)/σ)) = log Φ(−(x − μ)/σ).</summary>
    public Real LogSurvival(Real x) => Tail(x, -1.0);

    private Real Tail(Real x, double sign)
    {
        double inv = 1.0 / _sigma;
        double z = (x.Value - _mu) * inv;
        double v = StandardNormal.LogCdf(sign * z, out double d);
        if (TapeNode.AllConstant(x, Mu, Sigma)) return new Real(v);
        double dx = sign * d * inv;
        return TapeNode.Record(v, x, dx, Mu, -dx, Sigma, -dx * z);
    }

    /// <summary>μ + σΦ⁻¹(p); −∞ and +∞ at p = 0 and 1.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Normal), p);
        return _mu + _sigma * StandardNormal.InverseCdf(p);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
