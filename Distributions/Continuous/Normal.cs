using System.Runtime.CompilerServices;

namespace Probabilistic.Distributions;

/// <summary>
/// Normal(mu, sigma): the Gaussian with mean μ ∈ ℝ and standard deviation σ &gt; 0 (Stan's
/// <c>normal(mu, sigma)</c>), density p(x) = exp(−(x − μ)²/(2σ²))/(σ√(2π)) on ℝ.
/// </summary>
public sealed class Normal : IUnivariateCdf, IReparameterized<Real>, IMeasureValued
{
    // 1/σ and log σ + ½ log 2π, computed on the first density evaluation (NaN until then) and kept, so
    // that LogProb is a multiply-add while a distribution that is only sampled — a particle filter's
    // transition — never pays for the logarithm. Racing threads compute the same values.
    private double _invSigma, _logNormalizer = double.NaN;

    /// <summary>Creates Normal(mu, sigma).</summary>
    /// <exception cref="ArgumentException">mu is not finite, or sigma is not positive and finite (ParamName "mu" or "sigma").</exception>
    public Normal(Real mu, Real sigma)
    {
        Parameters.RequireFinite(nameof(Normal), "mu", mu.Value);
        Parameters.RequirePositive(nameof(Normal), "sigma", sigma.Value);
        Mu = mu;
        Sigma = sigma;
    }

    private double LogNormalizer()
    {
        // Acquire/release: a thread that sees the normalizer also sees 1/σ, written before it.
        double ln = Volatile.Read(ref _logNormalizer);
        if (double.IsNaN(ln))
        {
            _invSigma = 1.0 / Sigma.Value;
            ln = Math.Log(Sigma.Value) + StandardNormal.HalfLogTwoPi;
            Volatile.Write(ref _logNormalizer, ln);
        }
        return ln;
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
    public double Mean => Mu.Value;

    /// <summary>σ².</summary>
    public double Variance => Sigma.Value * Sigma.Value;

    /// <summary>μ + σε with ε from <see cref="Rng.NextGaussian"/> (Marsaglia's polar method).</summary>
    public Real Sample(Rng rng) => new(Mu.Value + Sigma.Value * rng.NextGaussian());

    /// <summary>
    /// A draw from Normal(<paramref name="mu"/>, <paramref name="sigma"/>) without a distribution object: μ + σε with ε from
    /// <see cref="Rng.NextGaussian"/>, the draw <see cref="Sample"/> makes (compiled particle programs call it). The
    /// parameters are checked as the constructor checks them.
    /// </summary>
    /// <exception cref="ArgumentException">mu is not finite, or sigma is not positive and finite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Draw(Rng rng, double mu, double sigma)
    {
        Parameters.RequireFinite(nameof(Normal), "mu", mu);
        Parameters.RequirePositive(nameof(Normal), "sigma", sigma);
        return mu + sigma * rng.NextGaussian();
    }

    /// <summary>
    /// log N(<paramref name="x"/>; <paramref name="mu"/>, <paramref name="sigma"/>) = −z²/2 − log σ − ½ log 2π, z = (x − μ)/σ;
    /// −∞ for x not finite: the value <see cref="LogProb"/> gives, to the bit, without a distribution object. The
    /// parameters are checked as the constructor checks them.
    /// </summary>
    /// <exception cref="ArgumentException">mu is not finite, or sigma is not positive and finite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(double x, double mu, double sigma)
    {
        Parameters.RequireFinite(nameof(Normal), "mu", mu);
        Parameters.RequirePositive(nameof(Normal), "sigma", sigma);
        return double.IsFinite(x) ? FiniteLogDensity(x, mu, 1.0 / sigma, Math.Log(sigma) + StandardNormal.HalfLogTwoPi) : double.NegativeInfinity;
    }

    // The density at a finite x from 1/σ and log σ + ½ log 2π (what an instance caches): one formula for LogProb and LogDensity.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double FiniteLogDensity(double x, double mu, double invSigma, double logNormalizer)
    {
        double z = (x - mu) * invSigma;
        return -0.5 * z * z - logNormalizer;
    }

    /// <summary>x = μ + σε, ε ~ Normal(0, 1): ∂x/∂μ = 1, ∂x/∂σ = ε.</summary>
    public Real Rsample(Rng rng)
    {
        double eps = rng.NextGaussian();
        return Numerics.Tape.Record(Mu.Value + Sigma.Value * eps, Mu, 1.0, Sigma, eps);
    }

    /// <summary>
    /// μ: ∂/∂μ N(x; μ, σ) = ((x − μ)/σ²)N(x), split at μ into two Rayleigh (Weibull(√2, 2)) densities of mass 1/(σ√2π)
    /// each: c = 1/(σ√2π), p± the laws of μ ± σR, R = √(−2 log U), one R for both (coupled). σ: ∂/∂σ N(x; μ, σ) =
    /// (t² − 1)N(x)/σ with t = (x − μ)/σ, and t²φ(t) is the double-sided Maxwell density (M = ±√χ²₃): c = 1/σ, p⁺ the law
    /// of μ + σM, p⁻ the Normal itself (Mohamed et al. 2020, Table 1).
    /// </summary>
    public IEnumerable<WeakDerivative> WeakDerivatives(object nominal, Rng rng)
    {
        double mu = Mu.Value, sigma = Sigma.Value;
        double r = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble()));
        yield return new WeakDerivative(Mu, 1 / (sigma * Math.Sqrt(2 * Math.PI)), new Real(mu + sigma * r), NegativePart.Value, new Real(mu - sigma * r));
        double g1 = rng.NextGaussian(), g2 = rng.NextGaussian(), g3 = rng.NextGaussian();
        double m = Math.Sqrt(g1 * g1 + g2 * g2 + g3 * g3) * (rng.NextDouble() < 0.5 ? -1 : 1);
        yield return new WeakDerivative(Sigma, 1 / sigma, new Real(mu + sigma * m), NegativePart.Nominal);
    }

    /// <summary>
    /// log p(x) = −z²/2 − log σ − ½ log 2π with z = (x − μ)/σ; −∞ for x not finite. One node, with
    /// ∂/∂x = −z/σ, ∂/∂μ = z/σ, ∂/∂σ = (z² − 1)/σ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Real LogProb(Real x)
    {
        // The common case, constants throughout, is small enough to inline at a call on Normal.
        double xv = x.Value;
        if (x.Tape is null && Mu.Tape is null && Sigma.Tape is null && double.IsFinite(xv))
        {
            double ln = LogNormalizer();
            return new Real(FiniteLogDensity(xv, Mu.Value, _invSigma, ln));
        }
        return LogProbOnTape(x);
    }

    private Real LogProbOnTape(Real x)
    {
        if (!double.IsFinite(x.Value)) return double.NegativeInfinity;
        double ln = LogNormalizer();
        return OnTape(x, Mu, Sigma, _invSigma, ln);
    }

    /// <summary>
    /// log N(<paramref name="x"/>; <paramref name="mu"/>, <paramref name="sigma"/>) on <see cref="Real"/>s without a distribution
    /// object: the value and the tape node <see cref="LogProb"/> of <c>new Normal(mu, sigma)</c> records, to the bit (generated
    /// log densities of <c>[Compiled]</c> models call it). The parameters are checked as the constructor checks them.
    /// </summary>
    /// <exception cref="ArgumentException">mu is not finite, or sigma is not positive and finite.</exception>
    public static Real LogDensity(Real x, Real mu, Real sigma)
    {
        Parameters.RequireFinite(nameof(Normal), "mu", mu.Value);
        Parameters.RequirePositive(nameof(Normal), "sigma", sigma.Value);
        if (!double.IsFinite(x.Value)) return double.NegativeInfinity;
        double invSigma = 1.0 / sigma.Value;
        double ln = Math.Log(sigma.Value) + StandardNormal.HalfLogTwoPi;
        if (x.Tape is null && mu.Tape is null && sigma.Tape is null) return new Real(FiniteLogDensity(x.Value, mu.Value, invSigma, ln));
        return OnTape(x, mu, sigma, invSigma, ln);
    }

    // The density at a finite x, recorded with its partials (one node) and replay code; 1/σ and the log normalizer given.
    private static Real OnTape(Real x, Real mu, Real sigma, double invSigma, double ln)
    {
        double z = (x.Value - mu.Value) * invSigma;
        double v = -0.5 * z * z - ln;
        if (TapeNode.AllConstant(x, mu, sigma)) return new Real(v);
        double dz = z * invSigma;
        var result = TapeNode.Record(v, x, -dz, mu, dz, sigma, (z * z - 1) * invSigma);
        // A constant σ is replayed with its 1/σ and log normalizer as constants, so a replay takes no logarithm.
        return sigma.Tape is null
            ? TapeNode.Replayable(result, FixedScaleDensity.Instance, x, mu, invSigma, ln)
            : TapeNode.Replayable(result, Density.Instance, x, mu, sigma);
    }

    // −z²/2 − log σ − ½ log 2π, z = (x − μ)/σ, and its partials (−z/σ, z/σ, (z² − 1)/σ); replays the node: operands (x, μ, σ).
    private sealed class Density : Numerics.TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        public override double Evaluate(double x, double mu, double sigma, ReadOnlySpan<double> constants, out double dx, out double dmu, out double dsigma)
        {
            if (!double.IsFinite(x))
            {
                dx = dmu = dsigma = 0;
                return double.NegativeInfinity;
            }
            double inv = 1.0 / sigma;
            double z = (x - mu) * inv;
            double dz = z * inv;
            dx = -dz;
            dmu = dz;
            dsigma = (z * z - 1) * inv;
            return -0.5 * z * z - (Math.Log(sigma) + StandardNormal.HalfLogTwoPi);
        }
    }

    // The same with σ a constant: operands (x, μ), constants (1/σ, log σ + ½ log 2π), as this distribution caches them.
    private sealed class FixedScaleDensity : Numerics.BinaryReplayKernel
    {
        public static readonly FixedScaleDensity Instance = new();

        public override double Evaluate(double x, double mu, ReadOnlySpan<double> constants, out double dx, out double dmu)
        {
            if (!double.IsFinite(x))
            {
                dx = dmu = 0;
                return double.NegativeInfinity;
            }
            double inv = constants[0], logNormalizer = constants[1];
            double z = (x - mu) * inv;
            double dz = z * inv;
            dx = -dz;
            dmu = dz;
            return -0.5 * z * z - logNormalizer;
        }
    }

    /// <summary>log Φ((x − μ)/σ) (<see cref="StandardNormal"/>), with exact partials.</summary>
    public Real LogCdf(Real x) => Tail(x, 1.0);

    /// <summary>log(1 − Φ((x − μ)/σ)) = log Φ(−(x − μ)/σ).</summary>
    public Real LogSurvival(Real x) => Tail(x, -1.0);

    private Real Tail(Real x, double sign)
    {
        double inv = 1.0 / Sigma.Value;
        double z = (x.Value - Mu.Value) * inv;
        double v = StandardNormal.LogCdf(sign * z, out double d);
        if (TapeNode.AllConstant(x, Mu, Sigma)) return new Real(v);
        double dx = sign * d * inv;
        return TapeNode.Record(v, x, dx, Mu, -dx, Sigma, -dx * z);
    }

    /// <summary>μ + σΦ⁻¹(p); −∞ and +∞ at p = 0 and 1.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Normal), p);
        return Mu.Value + Sigma.Value * StandardNormal.InverseCdf(p);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
