using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// HalfNormal(sigma): |Y| for Y ~ Normal(0, σ), σ &gt; 0 (PyTorch's <c>HalfNormal(scale)</c>; Stan's
/// <c>normal(0, sigma)</c> on a positive parameter), density p(x) = √2/(σ√π)·exp(−x²/(2σ²)) on (0, ∞).
/// </summary>
public sealed class HalfNormal : IUnivariateCdf, IReparameterized<Real>
{
    private const double HalfLogTwoOverPi = -0.22579135264472743236;
    private const double Sqrt2 = 1.4142135623730950488;
    private readonly double _sigma, _logSigma;

    /// <summary>Creates HalfNormal(sigma).</summary>
    /// <exception cref="ArgumentException">sigma is not positive and finite (ParamName "sigma").</exception>
    public HalfNormal(Real sigma)
    {
        Parameters.Positive(nameof(HalfNormal), "sigma", sigma.Value);
        Sigma = sigma;
        _sigma = sigma.Value;
        _logSigma = Math.Log(_sigma);
    }

    /// <summary>σ, the scale of the underlying normal.</summary>
    public Real Sigma { get; }

    /// <inheritdoc />
    public string Name => $"HalfNormal(sigma={Sigma})";

    /// <inheritdoc />
    public Support Support => Support.NonNegative;

    /// <summary>σ√(2/π).</summary>
    public double Mean => _sigma * Math.Sqrt(2 / Math.PI);

    /// <summary>σ²(1 − 2/π).</summary>
    public double Variance => _sigma * _sigma * (1 - 2 / Math.PI);

    /// <summary>σ|ε|, ε ~ Normal(0, 1).</summary>
    public Real Sample(Rng rng) => new(_sigma * Math.Abs(rng.NextGaussian()));

    /// <summary>x = σ|ε|: ∂x/∂σ = |ε|.</summary>
    public Real Rsample(Rng rng)
    {
        double e = Math.Abs(rng.NextGaussian());
        return Tape.Record(_sigma * e, Sigma, e);
    }

    /// <summary>
    /// log p(x) = ½ log(2/π) − log σ − z²/2 with z = x/σ, for x ≥ 0 (−∞ otherwise). One node:
    /// ∂/∂x = −z/σ, ∂/∂σ = (z² − 1)/σ.
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!(xv >= 0 && xv < double.PositiveInfinity)) return double.NegativeInfinity;
        double inv = 1.0 / _sigma;
        double z = xv * inv;
        double v = HalfLogTwoOverPi - _logSigma - 0.5 * z * z;
        if (TapeNode.AllConstant(x, Sigma)) return new Real(v);
        return TapeNode.Replayable(Tape.Record(v, x, -z * inv, Sigma, (z * z - 1) * inv), Density.Instance, x, Sigma);
    }

    // ½ log(2/π) − log σ − z²/2, z = x/σ, and its partials (−z/σ, (z² − 1)/σ); replays the node: operands (x, σ).
    private sealed class Density : BinaryReplayKernel
    {
        public static readonly Density Instance = new();

        public override double Evaluate(double xv, double sigma, ReadOnlySpan<double> constants, out double dx, out double dSigma)
        {
            if (!(xv >= 0 && xv < double.PositiveInfinity))
            {
                dx = dSigma = 0;
                return double.NegativeInfinity;
            }
            double inv = 1.0 / sigma;
            double z = xv * inv;
            dx = -z * inv;
            dSigma = (z * z - 1) * inv;
            return HalfLogTwoOverPi - Math.Log(sigma) - 0.5 * z * z;
        }
    }

    /// <summary>log F(x) = log erf(x/(σ√2)) (log1p(−erfc) above x = σ, where F is near 1); −∞ for x ≤ 0.</summary>
    public Real LogCdf(Real x)
    {
        if (!(x.Value > 0)) return double.NegativeInfinity;
        double inv = 1.0 / _sigma;
        double z = x.Value * inv;
        double cdf, v;
        if (z < 1)
        {
            cdf = SpecialFunctions.Erf(z / Sqrt2);
            v = Math.Log(cdf);
        }
        else
        {
            double upper = SpecialFunctions.Erfc(z / Sqrt2);
            cdf = 1 - upper;
            v = SpecialFunctions.Log1p(-upper);
        }
        if (TapeNode.AllConstant(x, Sigma)) return new Real(v);
        // d/dz log F = 2φ(z)/F.
        double dz = 2 * Math.Exp(StandardNormal.LogDensity(z)) / cdf;
        return Tape.Record(v, x, dz * inv, Sigma, -dz * z * inv);
    }

    /// <summary>log(1 − F(x)) = log 2 + log Φ(−x/σ); 0 for x ≤ 0.</summary>
    public Real LogSurvival(Real x)
    {
        if (!(x.Value > 0)) return 0.0;
        double inv = 1.0 / _sigma;
        double z = x.Value * inv;
        double v = Math.Log(2) + StandardNormal.LogCdf(-z, out double d);
        if (TapeNode.AllConstant(x, Sigma)) return new Real(v);
        return Tape.Record(v, x, -d * inv, Sigma, d * z * inv);
    }

    /// <summary>σ√2·erf⁻¹(p) (σ√2·erfc⁻¹(1 − p) for p ≥ ½), with MathNet's erf⁻¹ and erfc⁻¹.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(HalfNormal), p);
        double z = p < 0.5 ? MathNet.Numerics.SpecialFunctions.ErfInv(p) : MathNet.Numerics.SpecialFunctions.ErfcInv(1 - p);
        return _sigma * Sqrt2 * z;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
