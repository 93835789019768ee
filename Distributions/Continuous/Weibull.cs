using System.Runtime.CompilerServices;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Weibull(k, lambda): shape k &gt; 0 and scale λ &gt; 0 (Stan's <c>weibull(alpha, sigma)</c> with α = k,
/// σ = λ), CDF 1 − exp(−(x/λ)ᵏ) and density p(x) = (k/λ)(x/λ)ᵏ⁻¹exp(−(x/λ)ᵏ) on (0, ∞).
/// </summary>
public sealed class Weibull : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _k, _lambda, _logK, _logLambda;

    /// <summary>Creates Weibull(k, lambda).</summary>
    /// <exception cref="ArgumentException">k or lambda is not positive and finite (ParamName "k" or "lambda").</exception>
    public Weibull(Real k, Real lambda)
    {
        Parameters.Positive(nameof(Weibull), "k", k.Value);
        Parameters.Positive(nameof(Weibull), "lambda", lambda.Value);
        K = k;
        Lambda = lambda;
        _k = k.Value;
        _lambda = lambda.Value;
        _logK = Math.Log(_k);
        _logLambda = Math.Log(_lambda);
    }

    /// <summary>The shape k.</summary>
    public Real K { get; }

    /// <summary>The scale λ.</summary>
    public Real Lambda { get; }

    /// <inheritdoc />
    public string Name => $"Weibull(k={K}, lambda={Lambda})";

    /// <inheritdoc />
    public Support Support => Support.NonNegative;

    /// <summary>λΓ(1 + 1/k).</summary>
    public double Mean => _lambda * Math.Exp(SpecialFunctions.LogGamma(1 + 1 / _k));

    /// <summary>λ²(Γ(1 + 2/k) − Γ(1 + 1/k)²).</summary>
    public double Variance
    {
        get
        {
            double g1 = Math.Exp(SpecialFunctions.LogGamma(1 + 1 / _k));
            return _lambda * _lambda * (Math.Exp(SpecialFunctions.LogGamma(1 + 2 / _k)) - g1 * g1);
        }
    }

    /// <summary>λE^(1/k) with E = −log u, u uniform on (0, 1) (inverse CDF).</summary>
    public Real Sample(Rng rng) => new(_lambda * Math.Pow(-Math.Log(rng.NextOpenDouble()), 1 / _k));

    /// <summary>x = λE^(1/k): ∂x/∂λ = x/λ, ∂x/∂k = −x log(E)/k².</summary>
    public Real Rsample(Rng rng)
    {
        double e = -Math.Log(rng.NextOpenDouble());
        double x = _lambda * Math.Pow(e, 1 / _k);
        return Tape.Record(x, K, -x * Math.Log(e) / (_k * _k), Lambda, x / _lambda);
    }

    /// <summary>
    /// log p(x) = log k − log λ + (k − 1) log(x/λ) − t with t = (x/λ)ᵏ, for x &gt; 0 (−∞ for x &lt; 0); at x = 0 the
    /// limit (+∞ for k &lt; 1, −log λ for k = 1, −∞ for k &gt; 1: SciPy's values). One
    /// node: with ℓ = log(x/λ), ∂/∂x = (k − 1 − kt)/x, ∂/∂k = 1/k + ℓ(1 − t), ∂/∂λ = k(t − 1)/λ (at x = 0 with k = 1:
    /// −1/λ, −∞ and −1/λ). An infinite value is a constant.
    /// </summary>
    public Real LogProb(Real x)
    {
        // Without a tape the inlined function's partials are dead code: the constant path computes the value only.
        if (TapeNode.AllConstant(x, K, Lambda)) return new Real(Density.Value(x.Value, _k, _lambda, _logK, _logLambda, out _, out _, out _));
        double v = Density.Value(x.Value, _k, _lambda, _logK, _logLambda, out double dx, out double dk, out double dLambda);
        if (!double.IsFinite(v)) return new Real(v);
        return TapeNode.Replayable(TapeNode.Record(v, x, dx, K, dk, Lambda, dLambda), Density.Instance, x, K, Lambda);
    }

    // The log density, the one function LogProb and the replay share; replays the node: operands (x, k, λ).
    private sealed class Density : TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        /// <summary>
        /// log k − log λ + (k − 1)ℓ − t with ℓ = log x − log λ, t = e^(kℓ), and its partials in (x, k, λ), given log k and
        /// log λ: the closed end x = 0 as LogProb documents it; −∞ with zero partials outside [0, ∞).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Value(double x, double k, double lambda, double logK, double logLambda,
            out double dx, out double dk, out double dLambda)
        {
            if (x > 0 && x < double.PositiveInfinity)
            {
                double l = Math.Log(x) - logLambda;
                double t = Math.Exp(k * l);
                dx = (k - 1 - k * t) / x;
                dk = 1 / k + l * (1 - t);
                dLambda = k * (t - 1) / lambda;
                return logK - logLambda + (k - 1) * l - t;
            }
            if (x == 0 && k == 1)
            {
                // Weibull(1, λ) = Exponential(1/λ): −log λ − x/λ; ∂/∂k keeps its ℓ term.
                dx = -1 / lambda;
                dk = double.NegativeInfinity;
                dLambda = -1 / lambda;
                return -logLambda;
            }
            dx = dk = dLambda = 0;
            return x == 0 ? SupportEnd.InfiniteLimit(k - 1) : double.NegativeInfinity;
        }

        public override double Evaluate(double x, double k, double lambda, ReadOnlySpan<double> constants,
            out double dx, out double dk, out double dLambda) =>
            Value(x, k, lambda, Math.Log(k), Math.Log(lambda), out dx, out dk, out dLambda);
    }

    /// <summary>log(1 − e⁻ᵗ) = log(−expm1(−t)), t = (x/λ)ᵏ; −∞ for x ≤ 0.</summary>
    public Real LogCdf(Real x)
    {
        if (!(x.Value > 0)) return double.NegativeInfinity;
        double l = Math.Log(x.Value) - _logLambda;
        double t = Math.Exp(_k * l);
        double v = Math.Log(-SpecialFunctions.Expm1(-t));
        if (TapeNode.AllConstant(x, K, Lambda) || double.IsPositiveInfinity(t)) return new Real(v);
        return WithDerivative(v, x, t, l, 1 / SpecialFunctions.Expm1(t));
    }

    /// <summary>log(1 − F(x)) = −(x/λ)ᵏ; 0 for x ≤ 0.</summary>
    public Real LogSurvival(Real x)
    {
        if (!(x.Value > 0)) return 0.0;
        double l = Math.Log(x.Value) - _logLambda;
        double t = Math.Exp(_k * l);
        if (TapeNode.AllConstant(x, K, Lambda)) return new Real(-t);
        return WithDerivative(-t, x, t, l, -1);
    }

    // dt: the derivative of the value in t = (x/λ)ᵏ; dt/dx = kt/x, dt/dk = tℓ, dt/dλ = −kt/λ.
    private Real WithDerivative(double v, Real x, double t, double l, double dt) =>
        TapeNode.Record(v, x, dt * _k * t / x.Value, K, dt * t * l, Lambda, -dt * _k * t / _lambda);

    /// <summary>λ(−log(1 − p))^(1/k).</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Weibull), p);
        return _lambda * Math.Pow(-SpecialFunctions.Log1p(-p), 1 / _k);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
