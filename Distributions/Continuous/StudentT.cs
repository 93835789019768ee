using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// StudentT(nu, mu, sigma): ν &gt; 0 degrees of freedom, location μ ∈ ℝ, scale σ &gt; 0 (Stan's
/// <c>student_t(nu, mu, sigma)</c>), density
/// p(x) = Γ((ν + 1)/2)/(Γ(ν/2)√(νπ)σ) · (1 + z²/ν)^(−(ν + 1)/2) with z = (x − μ)/σ, on ℝ.
/// </summary>
/// <remarks>
/// The CDF is ½I_w(ν/2, ½) for z &lt; 0, w = ν/(ν + z²), and one minus that for z ≥ 0
/// (Abramowitz &amp; Stegun 26.7.1; <see cref="RegularizedBeta"/>). Its derivative in ν has no closed
/// form: it is a Richardson-extrapolated central difference of the log CDF in ν with step 2⁻¹⁰ν
/// (<see cref="RichardsonDerivative"/>). Against mpmath on the tests' grid (ν from 0.7 to 10⁴): absolute
/// error below 10⁻¹³, which is below 4·10⁻¹⁰ relative for ν ≤ 30; for ν = 10⁴, where the derivative is
/// only 10⁻⁷ to 10⁻¹¹, the relative error reaches 10⁻⁷.
/// </remarks>
public sealed class StudentT : IUnivariateCdf
{
    private const double LogHalf = -0.69314718055994530942;
    private readonly double _nu, _mu, _sigma, _logNormalizer;

    /// <summary>Creates StudentT(nu, mu, sigma).</summary>
    /// <exception cref="ArgumentException">nu or sigma is not positive and finite, or mu is not finite (ParamName "nu", "mu" or "sigma").</exception>
    public StudentT(Real nu, Real mu, Real sigma)
    {
        Parameters.Positive(nameof(StudentT), "nu", nu.Value);
        Parameters.Finite(nameof(StudentT), "mu", mu.Value);
        Parameters.Positive(nameof(StudentT), "sigma", sigma.Value);
        Nu = nu;
        Mu = mu;
        Sigma = sigma;
        _nu = nu.Value;
        _mu = mu.Value;
        _sigma = sigma.Value;
        _logNormalizer = StandardLogNormalizer(_nu) - Math.Log(_sigma);
    }

    /// <summary>The degrees of freedom ν.</summary>
    public Real Nu { get; }

    /// <summary>The location μ.</summary>
    public Real Mu { get; }

    /// <summary>The scale σ.</summary>
    public Real Sigma { get; }

    /// <inheritdoc />
    public string Name => $"StudentT(nu={Nu}, mu={Mu}, sigma={Sigma})";

    /// <inheritdoc />
    public Support Support => Support.Real;

    /// <summary>μ for ν &gt; 1; NaN otherwise.</summary>
    public double Mean => _nu > 1 ? _mu : double.NaN;

    /// <summary>σ²ν/(ν − 2) for ν &gt; 2; +∞ for 1 &lt; ν ≤ 2; NaN for ν ≤ 1.</summary>
    public double Variance => _nu > 2 ? _sigma * _sigma * _nu / (_nu - 2) : _nu > 1 ? double.PositiveInfinity : double.NaN;

    /// <summary>
    /// μ + σT by Bailey's polar method (R. W. Bailey, "Polar generation of random variates with the
    /// t-distribution", Math. Comp. 62(206), 1994): (U, V) uniform in the unit disc, W = U² + V²,
    /// T = U·√(ν(W^(−2/ν) − 1)/W).
    /// </summary>
    public Real Sample(Rng rng)
    {
        double u, w;
        do
        {
            u = 2 * rng.NextDouble() - 1;
            double v = 2 * rng.NextDouble() - 1;
            w = u * u + v * v;
        } while (w >= 1 || w == 0);
        double t = u * Math.Sqrt(_nu * SpecialFunctions.Expm1(-2 / _nu * Math.Log(w)) / w);
        return new Real(_mu + _sigma * t);
    }

    /// <summary>
    /// log p(x) = log Γ((ν + 1)/2) − log Γ(ν/2) − ½ log νπ − log σ − (ν + 1)/2 · log(1 + z²/ν). One node:
    /// with q = z²/ν, ∂/∂x = −(ν + 1)z/(νσ(1 + q)), ∂/∂μ = −∂/∂x, ∂/∂σ = ((ν + 1)q/(1 + q) − 1)/σ,
    /// ∂/∂ν = ½ψ((ν + 1)/2) − ½ψ(ν/2) − 1/(2ν) − ½ log(1 + q) + (ν + 1)q/(2ν(1 + q)).
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!double.IsFinite(xv)) return double.NegativeInfinity;
        double inv = 1.0 / _sigma;
        double z = (xv - _mu) * inv;
        double q = z * z / _nu;
        double log1pQ = SpecialFunctions.Log1p(q);
        double v = _logNormalizer - 0.5 * (_nu + 1) * log1pQ;
        if (TapeNode.AllConstant(x, Mu, Sigma) && Nu.Tape is null) return new Real(v);
        double r = 1 / (1 + q);
        double dx = -(_nu + 1) * z * r / _nu * inv;
        double dSigma = ((_nu + 1) * q * r - 1) * inv;
        if (Nu.Tape is null)
            return TapeNode.Replayable(TapeNode.Record(v, x, dx, Mu, -dx, Sigma, dSigma), Density.Instance, x, Mu, Sigma, Nu, 0);
        double dNu = 0.5 * (SpecialFunctions.Digamma(0.5 * (_nu + 1)) - SpecialFunctions.Digamma(0.5 * _nu) - 1 / _nu - log1pQ
            + (_nu + 1) * q * r / _nu);
        return TapeNode.Replayable(Tape.Record(v, [x, Mu, Sigma, Nu], [dx, -dx, dSigma, dNu]), Density.Instance, x, Mu, Sigma, Nu, 1);
    }

    // log Γ((ν + 1)/2) − log Γ(ν/2) − ½ log νπ − log σ − (ν + 1)/2 · log(1 + z²/ν) and its partials; replays the node:
    // operands (x, μ, σ, ν), constant 0 whether ν was a value on the tape (when not, its partial, which needs ψ, is skipped).
    private sealed class Density : IReplayKernel
    {
        public static readonly Density Instance = new();

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            double xv = operands[0], mu = operands[1], sigma = operands[2], nu = operands[3];
            if (!double.IsFinite(xv)) return TapeNode.OutsideSupport(partials);
            double inv = 1.0 / sigma;
            double z = (xv - mu) * inv;
            double q = z * z / nu;
            double log1pQ = SpecialFunctions.Log1p(q);
            double logNormalizer = SpecialFunctions.LogGamma(0.5 * (nu + 1)) - SpecialFunctions.LogGamma(0.5 * nu)
                - 0.5 * Math.Log(nu * Math.PI) - Math.Log(sigma);
            double r = 1 / (1 + q);
            double dx = -(nu + 1) * z * r / nu * inv;
            partials[0] = dx;
            partials[1] = -dx;
            partials[2] = ((nu + 1) * q * r - 1) * inv;
            partials[3] = constants[0] == 0 ? 0 : 0.5 * (SpecialFunctions.Digamma(0.5 * (nu + 1)) - SpecialFunctions.Digamma(0.5 * nu) - 1 / nu - log1pQ
                + (nu + 1) * q * r / nu);
            return logNormalizer - 0.5 * (nu + 1) * log1pQ;
        }
    }

    /// <summary>log F(x) through the incomplete beta function.</summary>
    public Real LogCdf(Real x) => Tail(x, 1.0);

    /// <summary>log(1 − F(x)) = log F at −z (the t is symmetric).</summary>
    public Real LogSurvival(Real x) => Tail(x, -1.0);

    private Real Tail(Real x, double sign)
    {
        double inv = 1.0 / _sigma;
        double z = sign * (x.Value - _mu) * inv;
        double v = StandardLogCdf(_nu, z);
        if (TapeNode.AllConstant(x, Mu, Sigma) && Nu.Tape is null) return new Real(v);
        double d = double.IsFinite(z) ? Math.Exp(StandardLogDensity(_nu, z) - v) : 0; // d/dz log F = f/F
        double dx = sign * d * inv;
        double dSigma = -d * z * inv;
        if (Nu.Tape is null) return TapeNode.Record(v, x, dx, Mu, -dx, Sigma, dSigma);
        double dNu = double.IsFinite(z) ? RichardsonDerivative.Of(new LogCdfInNu(z), _nu, Math.ScaleB(_nu, -10)) : 0;
        return Tape.Record(v, [x, Mu, Sigma, Nu], [dx, -dx, dSigma, dNu]);
    }

    private readonly struct LogCdfInNu(double z) : IScalarFunction
    {
        public double Evaluate(double nu) => StandardLogCdf(nu, z);
    }

    private static double StandardLogNormalizer(double nu) =>
        SpecialFunctions.LogGamma(0.5 * (nu + 1)) - SpecialFunctions.LogGamma(0.5 * nu) - 0.5 * Math.Log(nu * Math.PI);

    private static double StandardLogDensity(double nu, double z) =>
        StandardLogNormalizer(nu) - 0.5 * (nu + 1) * SpecialFunctions.Log1p(z * z / nu);

    /// <summary>log F(z) for the standard t with ν degrees of freedom.</summary>
    private static double StandardLogCdf(double nu, double z)
    {
        if (double.IsNaN(z)) return double.NaN;
        if (double.IsInfinity(z)) return z < 0 ? double.NegativeInfinity : 0;
        // w = ν/(ν + z²) and 1 − w = z²/(ν + z²), and their logarithms, each without cancellation or overflow.
        double w, wc, logW, logWc;
        if (z * z <= nu)
        {
            double q = z * z / nu, l = SpecialFunctions.Log1p(q);
            w = 1 / (1 + q);
            wc = q / (1 + q);
            logW = -l;
            logWc = Math.Log(q) - l;
        }
        else
        {
            double r = nu / (z * z), l = SpecialFunctions.Log1p(r);
            w = r / (1 + r);
            wc = 1 / (1 + r);
            logW = Math.Log(r) - l;
            logWc = -l;
        }
        double logHalfI = LogHalf + RegularizedBeta.LogLower(0.5 * nu, 0.5, w, wc, logW, logWc);
        return z < 0 ? logHalfI : SpecialFunctions.Log1p(-Math.Exp(logHalfI));
    }

    /// <summary>μ + σ·F⁻¹(p) by a safeguarded Newton search on the standard t's log CDF or log survival function (<see cref="QuantileSearch"/>).</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(StudentT), p);
        if (p == 0.5) return _mu;
        return _mu + _sigma * QuantileSearch.Solve(new Law(_nu), p, double.NegativeInfinity, double.PositiveInfinity, StandardNormal.InverseCdf(p));
    }

    private readonly struct Law(double nu) : ICdfFunctions
    {
        public double LogCdf(double z) => StandardLogCdf(nu, z);
        public double LogSurvival(double z) => StandardLogCdf(nu, -z);
        public double LogDensity(double z) => StandardLogDensity(nu, z);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
