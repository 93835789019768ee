using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Laplace(mu, b): the double exponential with location μ ∈ ℝ and scale b &gt; 0 (Stan's
/// <c>double_exponential(mu, sigma)</c> with σ = b), density p(x) = exp(−|x − μ|/b)/(2b) on ℝ.
/// </summary>
public sealed class Laplace : IUnivariateCdf, IReparameterized<Real>
{
    private const double Log2 = 0.69314718055994530942;
    private readonly double _mu, _b, _logTwoB;

    /// <summary>Creates Laplace(mu, b).</summary>
    /// <exception cref="ArgumentException">mu is not finite, or b is not positive and finite (ParamName "mu" or "b").</exception>
    public Laplace(Real mu, Real b)
    {
        Parameters.Finite(nameof(Laplace), "mu", mu.Value);
        Parameters.Positive(nameof(Laplace), "b", b.Value);
        Mu = mu;
        B = b;
        _mu = mu.Value;
        _b = b.Value;
        _logTwoB = Math.Log(2 * _b);
    }

    /// <summary>The location (mean and median) μ.</summary>
    public Real Mu { get; }

    /// <summary>The scale b.</summary>
    public Real B { get; }

    /// <inheritdoc />
    public string Name => $"Laplace(mu={Mu}, b={B})";

    /// <inheritdoc />
    public Support Support => Support.Real;

    /// <summary>μ.</summary>
    public double Mean => _mu;

    /// <summary>2b².</summary>
    public double Variance => 2 * _b * _b;

    /// <summary>μ + b·t with t = −sgn(u) log(1 − 2|u|), u uniform on (−½, ½) (inverse CDF).</summary>
    public Real Sample(Rng rng) => new(_mu + _b * StandardDraw(rng));

    /// <summary>x = μ + b·t: ∂x/∂μ = 1, ∂x/∂b = t.</summary>
    public Real Rsample(Rng rng)
    {
        double t = StandardDraw(rng);
        return Tape.Record(_mu + _b * t, Mu, 1.0, B, t);
    }

    private static double StandardDraw(Rng rng)
    {
        double u = rng.NextOpenDouble() - 0.5; // never 0 or ±½
        return u < 0 ? SpecialFunctions.Log1p(2 * u) : -SpecialFunctions.Log1p(-2 * u);
    }

    /// <summary>
    /// log p(x) = −log 2b − |x − μ|/b. One node: ∂/∂x = −sgn(x − μ)/b, ∂/∂μ = sgn(x − μ)/b,
    /// ∂/∂b = (|x − μ|/b − 1)/b (at x = μ the subgradient 0 is taken for x and μ).
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!double.IsFinite(xv)) return double.NegativeInfinity;
        if (TapeNode.AllConstant(x, Mu, B)) return new Real(-_logTwoB - Math.Abs(xv - _mu) * (1.0 / _b));
        double v = Density.Value(xv, _mu, _b, _logTwoB, out double dx, out double dMu, out double dB);
        return TapeNode.Replayable(TapeNode.Record(v, x, dx, Mu, dMu, B, dB), Density.Instance, x, Mu, B);
    }

    // −log 2b − |x − μ|/b and its partials in (x, μ, b), given log 2b; replays the node: operands (x, μ, b).
    private sealed class Density : TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        public static double Value(double x, double mu, double b, double logTwoB, out double dx, out double dMu, out double dB)
        {
            double inv = 1.0 / b;
            double diff = x - mu;
            double a = Math.Abs(diff) * inv;
            double s = Math.Sign(diff) * inv;
            dx = -s;
            dMu = s;
            dB = (a - 1) * inv;
            return -logTwoB - a;
        }

        public override double Evaluate(double x, double mu, double b, ReadOnlySpan<double> constants,
            out double dx, out double dMu, out double dB)
        {
            if (double.IsFinite(x)) return Value(x, mu, b, Math.Log(2 * b), out dx, out dMu, out dB);
            dx = dMu = dB = 0;
            return double.NegativeInfinity;
        }
    }

    /// <summary>log F(x): z − log 2 for z = (x − μ)/b &lt; 0, log1p(−e^(−z)/2) otherwise.</summary>
    public Real LogCdf(Real x) => Tail(x, 1.0);

    /// <summary>log(1 − F(x)) = log F at −z.</summary>
    public Real LogSurvival(Real x) => Tail(x, -1.0);

    private Real Tail(Real x, double sign)
    {
        double inv = 1.0 / _b;
        double z = sign * (x.Value - _mu) * inv;
        double v, d;
        if (z < 0)
        {
            v = z - Log2;
            d = 1;
        }
        else
        {
            double h = 0.5 * Math.Exp(-z);
            v = SpecialFunctions.Log1p(-h);
            d = h / (1 - h);
        }
        if (TapeNode.AllConstant(x, Mu, B)) return new Real(v);
        double dx = sign * d * inv;
        return TapeNode.Record(v, x, dx, Mu, -dx, B, -d * z * inv);
    }

    /// <summary>μ + b log 2p for p &lt; ½, μ − b log(2 − 2p) otherwise.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Laplace), p);
        return p < 0.5 ? _mu + _b * Math.Log(2 * p) : _mu - _b * Math.Log(2 - 2 * p);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
