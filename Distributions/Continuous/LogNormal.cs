namespace Probabilistic.Distributions;

/// <summary>
/// LogNormal(mu, sigma): e^Y for Y ~ Normal(μ, σ), μ ∈ ℝ, σ &gt; 0 (Stan's <c>lognormal(mu, sigma)</c>),
/// density p(x) = exp(−(log x − μ)²/(2σ²))/(xσ√(2π)) on (0, ∞).
/// </summary>
public sealed class LogNormal : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _mu, _sigma, _logSigma;

    /// <summary>Creates LogNormal(mu, sigma).</summary>
    /// <exception cref="ArgumentException">mu is not finite, or sigma is not positive and finite (ParamName "mu" or "sigma").</exception>
    public LogNormal(Real mu, Real sigma)
    {
        Parameters.Finite(nameof(LogNormal), "mu", mu.Value);
        Parameters.Positive(nameof(LogNormal), "sigma", sigma.Value);
        Mu = mu;
        Sigma = sigma;
        _mu = mu.Value;
        _sigma = sigma.Value;
        _logSigma = Math.Log(_sigma);
    }

    /// <summary>μ, the mean of log X.</summary>
    public Real Mu { get; }

    /// <summary>σ, the standard deviation of log X.</summary>
    public Real Sigma { get; }

    /// <inheritdoc />
    public string Name => $"LogNormal(mu={Mu}, sigma={Sigma})";

    /// <inheritdoc />
    public Support Support => Support.Positive;

    /// <summary>exp(μ + σ²/2).</summary>
    public double Mean => Math.Exp(_mu + 0.5 * _sigma * _sigma);

    /// <summary>(e^(σ²) − 1)·e^(2μ + σ²).</summary>
    public double Variance => Numerics.SpecialFunctions.Expm1(_sigma * _sigma) * Math.Exp(2 * _mu + _sigma * _sigma);

    /// <summary>exp(μ + σε), ε ~ Normal(0, 1) (<see cref="Rng.NextGaussian"/>).</summary>
    public Real Sample(Rng rng) => new(Math.Exp(_mu + _sigma * rng.NextGaussian()));

    /// <summary>x = exp(μ + σε): ∂x/∂μ = x, ∂x/∂σ = xε.</summary>
    public Real Rsample(Rng rng)
    {
        double eps = rng.NextGaussian();
        double x = Math.Exp(_mu + _sigma * eps);
        return Numerics.Tape.Record(x, Mu, x, Sigma, x * eps);
    }

    /// <summary>
    /// log p(x) = −z²/2 − log σ − ½ log 2π − log x with z = (log x − μ)/σ, for x &gt; 0 (−∞ otherwise).
    /// One node: ∂/∂x = −(z/σ + 1)/x, ∂/∂μ = z/σ, ∂/∂σ = (z² − 1)/σ.
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!(xv > 0 && xv < double.PositiveInfinity)) return double.NegativeInfinity;
        double logX = Math.Log(xv);
        double inv = 1.0 / _sigma;
        double z = (logX - _mu) * inv;
        double v = -0.5 * z * z - _logSigma - StandardNormal.HalfLogTwoPi - logX;
        if (TapeNode.AllConstant(x, Mu, Sigma)) return new Real(v);
        double dz = z * inv;
        return TapeNode.Replayable(TapeNode.Record(v, x, -(dz + 1) / xv, Mu, dz, Sigma, (z * z - 1) * inv), Density.Instance, x, Mu, Sigma);
    }

    // −z²/2 − log σ − ½ log 2π − log x, z = (log x − μ)/σ, and its partials; replays the node: operands (x, μ, σ).
    private sealed class Density : Numerics.TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        public override double Evaluate(double xv, double mu, double sigma, ReadOnlySpan<double> constants,
            out double dx, out double dMu, out double dSigma)
        {
            if (!(xv > 0 && xv < double.PositiveInfinity))
            {
                dx = dMu = dSigma = 0;
                return double.NegativeInfinity;
            }
            double logX = Math.Log(xv);
            double inv = 1.0 / sigma;
            double z = (logX - mu) * inv;
            double dz = z * inv;
            dx = -(dz + 1) / xv;
            dMu = dz;
            dSigma = (z * z - 1) * inv;
            return -0.5 * z * z - Math.Log(sigma) - StandardNormal.HalfLogTwoPi - logX;
        }
    }

    /// <summary>log Φ((log x − μ)/σ); −∞ for x ≤ 0.</summary>
    public Real LogCdf(Real x) => x.Value <= 0 ? double.NegativeInfinity : Tail(x, 1.0);

    /// <summary>log(1 − Φ((log x − μ)/σ)); 0 for x ≤ 0.</summary>
    public Real LogSurvival(Real x) => x.Value <= 0 ? 0.0 : Tail(x, -1.0);

    private Real Tail(Real x, double sign)
    {
        double inv = 1.0 / _sigma;
        double z = (Math.Log(x.Value) - _mu) * inv;
        double v = StandardNormal.LogCdf(sign * z, out double d);
        if (TapeNode.AllConstant(x, Mu, Sigma)) return new Real(v);
        double dz = sign * d * inv;
        return TapeNode.Record(v, x, dz / x.Value, Mu, -dz, Sigma, -dz * z);
    }

    /// <summary>exp(μ + σΦ⁻¹(p)).</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(LogNormal), p);
        return Math.Exp(_mu + _sigma * StandardNormal.InverseCdf(p));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
