using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Logistic(mu, s): location μ ∈ ℝ, scale s &gt; 0 (Stan's <c>logistic(mu, sigma)</c> with σ = s),
/// CDF σ(z) = 1/(1 + e⁻ᶻ) and density p(x) = e⁻ᶻ/(s(1 + e⁻ᶻ)²) with z = (x − μ)/s, on ℝ.
/// </summary>
public sealed class Logistic : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _mu, _s, _logS;

    /// <summary>Creates Logistic(mu, s).</summary>
    /// <exception cref="ArgumentException">mu is not finite, or s is not positive and finite (ParamName "mu" or "s").</exception>
    public Logistic(Real mu, Real s)
    {
        Parameters.Finite(nameof(Logistic), "mu", mu.Value);
        Parameters.Positive(nameof(Logistic), "s", s.Value);
        Mu = mu;
        S = s;
        _mu = mu.Value;
        _s = s.Value;
        _logS = Math.Log(_s);
    }

    /// <summary>The location (mean and median) μ.</summary>
    public Real Mu { get; }

    /// <summary>The scale s.</summary>
    public Real S { get; }

    /// <inheritdoc />
    public string Name => $"Logistic(mu={Mu}, s={S})";

    /// <inheritdoc />
    public Support Support => Support.Real;

    /// <summary>μ.</summary>
    public double Mean => _mu;

    /// <summary>s²π²/3.</summary>
    public double Variance => _s * _s * Math.PI * Math.PI / 3;

    /// <summary>μ + s·logit(u), u uniform on (0, 1) (inverse CDF).</summary>
    public Real Sample(Rng rng) => new(_mu + _s * Logit(rng.NextOpenDouble()));

    /// <summary>x = μ + s·logit(u): ∂x/∂μ = 1, ∂x/∂s = logit(u).</summary>
    public Real Rsample(Rng rng)
    {
        double t = Logit(rng.NextOpenDouble());
        return Tape.Record(_mu + _s * t, Mu, 1.0, S, t);
    }

    private static double Logit(double u) => Math.Log(u) - SpecialFunctions.Log1p(-u);

    /// <summary>
    /// log p(x) = −|z| − 2 log(1 + e^(−|z|)) − log s. One node: with τ = tanh(z/2), ∂/∂x = −τ/s,
    /// ∂/∂μ = τ/s, ∂/∂s = (zτ − 1)/s.
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!double.IsFinite(xv)) return double.NegativeInfinity;
        double v = Density.Value(xv, _mu, _s, _logS, out double dx, out double dMu, out double dS);
        if (TapeNode.AllConstant(x, Mu, S)) return new Real(v);
        return TapeNode.Replayable(TapeNode.Record(v, x, dx, Mu, dMu, S, dS), Density.Instance, x, Mu, S);
    }

    // −|z| − 2 log(1 + e^(−|z|)) − log s, z = (x − μ)/s, and its partials in (x, μ, s), given log s;
    // replays the node: operands (x, μ, s).
    private sealed class Density : TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        public static double Value(double x, double mu, double s, double logS, out double dx, out double dMu, out double dS)
        {
            double inv = 1.0 / s;
            double z = (x - mu) * inv;
            double a = Math.Abs(z);
            double tau = Math.Tanh(0.5 * z);
            dx = -tau * inv;
            dMu = tau * inv;
            dS = (z * tau - 1) * inv;
            return -a - 2 * SpecialFunctions.Log1p(Math.Exp(-a)) - logS;
        }

        public override double Evaluate(double x, double mu, double s, ReadOnlySpan<double> constants,
            out double dx, out double dMu, out double dS)
        {
            if (double.IsFinite(x)) return Value(x, mu, s, Math.Log(s), out dx, out dMu, out dS);
            dx = dMu = dS = 0;
            return double.NegativeInfinity;
        }
    }

    /// <summary>log σ(z) = −log(1 + e⁻ᶻ), computed without overflow.</summary>
    public Real LogCdf(Real x) => Tail(x, 1.0);

    /// <summary>log(1 − σ(z)) = log σ(−z).</summary>
    public Real LogSurvival(Real x) => Tail(x, -1.0);

    private Real Tail(Real x, double sign)
    {
        double inv = 1.0 / _s;
        double z = sign * (x.Value - _mu) * inv;
        double v, d; // d = d/dz log σ(z) = σ(−z)
        if (z >= 0)
        {
            double e = Math.Exp(-z);
            v = -SpecialFunctions.Log1p(e);
            d = e / (1 + e);
        }
        else
        {
            double e = Math.Exp(z);
            v = z - SpecialFunctions.Log1p(e);
            d = 1 / (1 + e);
        }
        if (TapeNode.AllConstant(x, Mu, S)) return new Real(v);
        double dx = sign * d * inv;
        return TapeNode.Record(v, x, dx, Mu, -dx, S, -d * z * inv);
    }

    /// <summary>μ + s(log p − log(1 − p)).</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Logistic), p);
        return _mu + _s * Logit(p);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
