using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// HalfCauchy(sigma): |Y| for Y ~ Cauchy(0, σ), σ &gt; 0 (PyTorch's <c>HalfCauchy(scale)</c>; Stan's
/// <c>cauchy(0, sigma)</c> on a positive parameter, Gelman 2006's prior for scales), density
/// p(x) = 2/(πσ(1 + (x/σ)²)) on (0, ∞). The mean is +∞; the variance is undefined (NaN).
/// </summary>
public sealed class HalfCauchy : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _sigma, _logNormalizer;

    /// <summary>Creates HalfCauchy(sigma).</summary>
    /// <exception cref="ArgumentException">sigma is not positive and finite (ParamName "sigma").</exception>
    public HalfCauchy(Real sigma)
    {
        Parameters.Positive(nameof(HalfCauchy), "sigma", sigma.Value);
        Sigma = sigma;
        _sigma = sigma.Value;
        _logNormalizer = Math.Log(2 / (Math.PI * _sigma));
    }

    /// <summary>σ, the median.</summary>
    public Real Sigma { get; }

    /// <inheritdoc />
    public string Name => $"HalfCauchy(sigma={Sigma})";

    /// <inheritdoc />
    public Support Support => Support.NonNegative;

    /// <summary>+∞.</summary>
    public double Mean => double.PositiveInfinity;

    /// <summary>Undefined (the mean is infinite): NaN.</summary>
    public double Variance => double.NaN;

    /// <summary>σ tan(πu/2), u uniform on (0, 1) (inverse CDF).</summary>
    public Real Sample(Rng rng) => new(_sigma * Math.Tan(0.5 * Math.PI * rng.NextOpenDouble()));

    /// <summary>x = σt, t = tan(πu/2): ∂x/∂σ = t.</summary>
    public Real Rsample(Rng rng)
    {
        double t = Math.Tan(0.5 * Math.PI * rng.NextOpenDouble());
        return Tape.Record(_sigma * t, Sigma, t);
    }

    /// <summary>
    /// log p(x) = log(2/(πσ)) − log(1 + z²), z = x/σ, for x ≥ 0 (−∞ otherwise). One node:
    /// ∂/∂x = −2z/(σ(1 + z²)), ∂/∂σ = (z² − 1)/(σ(1 + z²)).
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!(xv >= 0 && xv < double.PositiveInfinity)) return double.NegativeInfinity;
        double inv = 1.0 / _sigma;
        double z = xv * inv;
        double v = _logNormalizer - SpecialFunctions.Log1p(z * z);
        if (TapeNode.AllConstant(x, Sigma)) return new Real(v);
        double w = 1.0 / (1 + z * z);
        return TapeNode.Replayable(Tape.Record(v, x, -2 * z * w * inv, Sigma, (z * z - 1) * w * inv), Density.Instance, x, Sigma);
    }

    // log(2/(πσ)) − log(1 + z²), z = x/σ, and its partials; replays the node: operands (x, σ).
    private sealed class Density : BinaryReplayKernel
    {
        public static readonly Density Instance = new();

        public override double Evaluate(double x, double sigma, ReadOnlySpan<double> constants, out double dx, out double dsigma)
        {
            if (!(x >= 0 && x < double.PositiveInfinity))
            {
                dx = dsigma = 0;
                return double.NegativeInfinity;
            }
            double inv = 1.0 / sigma;
            double z = x * inv;
            double w = 1.0 / (1 + z * z);
            dx = -2 * z * w * inv;
            dsigma = (z * z - 1) * w * inv;
            return Math.Log(2 / (Math.PI * sigma)) - SpecialFunctions.Log1p(z * z);
        }
    }

    /// <summary>log F(x), F(x) = (2/π) atan(x/σ) (as 1 − (2/π) atan(σ/x) above x = σ); −∞ for x ≤ 0.</summary>
    public Real LogCdf(Real x)
    {
        if (!(x.Value > 0)) return double.NegativeInfinity;
        double z = x.Value / _sigma;
        double lower = 2 / Math.PI * Math.Atan(Math.Min(z, 1)), upper = 2 / Math.PI * Math.Atan(Math.Min(1 / z, 1));
        double cdf = z <= 1 ? lower : 1 - upper;
        double v = z <= 1 ? Math.Log(lower) : SpecialFunctions.Log1p(-upper);
        return WithDerivative(v, x, z, 2 / (Math.PI * (1 + z * z) * cdf));
    }

    /// <summary>log(1 − F(x)), 1 − F(x) = (2/π) atan(σ/x); 0 for x ≤ 0.</summary>
    public Real LogSurvival(Real x)
    {
        if (!(x.Value > 0)) return 0.0;
        double z = x.Value / _sigma;
        double lower = 2 / Math.PI * Math.Atan(Math.Min(z, 1)), upper = 2 / Math.PI * Math.Atan(Math.Min(1 / z, 1));
        double survival = z >= 1 ? upper : 1 - lower;
        double v = z >= 1 ? Math.Log(upper) : SpecialFunctions.Log1p(-lower);
        return WithDerivative(v, x, z, -2 / (Math.PI * (1 + z * z) * survival));
    }

    // dz: the derivative of the value in z = x/σ.
    private Real WithDerivative(double v, Real x, double z, double dz)
    {
        if (TapeNode.AllConstant(x, Sigma)) return new Real(v);
        double inv = 1.0 / _sigma;
        return Tape.Record(v, x, dz * inv, Sigma, -dz * z * inv);
    }

    /// <summary>σ tan(πp/2) for p ≤ ½, σ/tan(π(1 − p)/2) otherwise.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(HalfCauchy), p);
        return _sigma * (p <= 0.5 ? Math.Tan(0.5 * Math.PI * p) : 1 / Math.Tan(0.5 * Math.PI * (1 - p)));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
