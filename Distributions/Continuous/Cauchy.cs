using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Cauchy(mu, sigma): location μ ∈ ℝ, scale σ &gt; 0 (Stan's <c>cauchy(mu, sigma)</c>), density
/// p(x) = 1/(πσ(1 + z²)) with z = (x − μ)/σ on ℝ. No mean or variance (both NaN).
/// </summary>
public sealed class Cauchy : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _mu, _sigma, _logNormalizer;

    /// <summary>Creates Cauchy(mu, sigma).</summary>
    /// <exception cref="ArgumentException">mu is not finite, or sigma is not positive and finite (ParamName "mu" or "sigma").</exception>
    public Cauchy(Real mu, Real sigma)
    {
        Parameters.Finite(nameof(Cauchy), "mu", mu.Value);
        Parameters.Positive(nameof(Cauchy), "sigma", sigma.Value);
        Mu = mu;
        Sigma = sigma;
        _mu = mu.Value;
        _sigma = sigma.Value;
        _logNormalizer = -Math.Log(Math.PI * _sigma);
    }

    /// <summary>The location (median) μ.</summary>
    public Real Mu { get; }

    /// <summary>The scale σ (half the interquartile range).</summary>
    public Real Sigma { get; }

    /// <inheritdoc />
    public string Name => $"Cauchy(mu={Mu}, sigma={Sigma})";

    /// <inheritdoc />
    public Support Support => Support.Real;

    /// <summary>Undefined: NaN.</summary>
    public double Mean => double.NaN;

    /// <summary>Undefined: NaN.</summary>
    public double Variance => double.NaN;

    /// <summary>μ + σ tan(π(u − ½)), u uniform on (0, 1) (inverse CDF).</summary>
    public Real Sample(Rng rng) => new(_mu + _sigma * Math.Tan(Math.PI * (rng.NextOpenDouble() - 0.5)));

    /// <summary>x = μ + σt, t = tan(π(u − ½)): ∂x/∂μ = 1, ∂x/∂σ = t.</summary>
    public Real Rsample(Rng rng)
    {
        double t = Math.Tan(Math.PI * (rng.NextOpenDouble() - 0.5));
        return Tape.Record(_mu + _sigma * t, Mu, 1.0, Sigma, t);
    }

    /// <summary>
    /// log p(x) = −log(πσ) − log(1 + z²). One node: ∂/∂x = −2z/(σ(1 + z²)), ∂/∂μ = −∂/∂x,
    /// ∂/∂σ = (z² − 1)/(σ(1 + z²)).
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!double.IsFinite(xv)) return double.NegativeInfinity;
        double inv = 1.0 / _sigma;
        double z = (xv - _mu) * inv;
        double v = _logNormalizer - SpecialFunctions.Log1p(z * z);
        if (TapeNode.AllConstant(x, Mu, Sigma)) return new Real(v);
        double w = 1.0 / (1 + z * z);
        double dx = -2 * z * w * inv;
        return TapeNode.Replayable(TapeNode.Record(v, x, dx, Mu, -dx, Sigma, (z * z - 1) * w * inv), Density.Instance, x, Mu, Sigma);
    }

    // −log πσ − log(1 + z²), z = (x − μ)/σ, and its partials; replays the node: operands (x, μ, σ).
    private sealed class Density : TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        public override double Evaluate(double xv, double mu, double sigma, ReadOnlySpan<double> constants,
            out double dx, out double dMu, out double dSigma)
        {
            if (!double.IsFinite(xv))
            {
                dx = dMu = dSigma = 0;
                return double.NegativeInfinity;
            }
            double inv = 1.0 / sigma;
            double z = (xv - mu) * inv;
            double w = 1.0 / (1 + z * z);
            dx = -2 * z * w * inv;
            dMu = -dx;
            dSigma = (z * z - 1) * w * inv;
            return -Math.Log(Math.PI * sigma) - SpecialFunctions.Log1p(z * z);
        }
    }

    /// <summary>log F(x) with F(z) = atan2(1, −z)/π, which keeps relative accuracy in the left tail.</summary>
    public Real LogCdf(Real x) => Tail(x, 1.0);

    /// <summary>log(1 − F(x)) = log F at −z.</summary>
    public Real LogSurvival(Real x) => Tail(x, -1.0);

    private Real Tail(Real x, double sign)
    {
        double inv = 1.0 / _sigma;
        double z = sign * (x.Value - _mu) * inv;
        double v = StandardLogCdf(z, out double d);
        if (TapeNode.AllConstant(x, Mu, Sigma)) return new Real(v);
        double dx = sign * d * inv;
        return TapeNode.Record(v, x, dx, Mu, -dx, Sigma, -d * z * inv);
    }

    /// <summary>log F(z) for the standard Cauchy, and d/dz log F = 1/(π(1 + z²)F).</summary>
    private static double StandardLogCdf(double z, out double derivative)
    {
        double cdf = z < 0 ? Math.Atan2(1, -z) / Math.PI : 1 - Math.Atan2(1, z) / Math.PI;
        derivative = 1.0 / (Math.PI * (1 + z * z) * cdf);
        return z < 0 ? Math.Log(cdf) : SpecialFunctions.Log1p(-Math.Atan2(1, z) / Math.PI);
    }

    /// <summary>μ − σ/tan(πp) for p &lt; ½, μ + σ/tan(π(1 − p)) otherwise (no cancellation near 0 and 1).</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Cauchy), p);
        double t = p < 0.5 ? -1 / Math.Tan(Math.PI * p) : 1 / Math.Tan(Math.PI * (1 - p));
        return _mu + _sigma * t;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
