using Probabilistic.Distributions.Discrete;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Poisson(λ) with rate λ &gt; 0 (Stan's <c>poisson(lambda)</c>, PyTorch's <c>Poisson(rate)</c>).
/// Mass P(k) = λᵏe^(−λ)/k! for k = 0, 1, 2, ….
/// </summary>
/// <remarks>
/// Sampling: inversion for λ &lt; 10, otherwise Hörmann's PTRS (1993); see <c>PoissonVariate</c>.
/// The log mass is one tape node with ∂/∂λ = k/λ − 1.
/// </remarks>
public sealed class Poisson : IDiscreteDistribution, IMeasureValued
{
    /// <summary>Creates Poisson(λ); λ must be positive and finite.</summary>
    /// <exception cref="ArgumentException">λ is NaN, not positive, or infinite.</exception>
    public Poisson(Real lambda)
    {
        Parameters.Positive(nameof(Poisson), "lambda", lambda.Value);
        Lambda = lambda;
    }

    private Poisson(Real lambda, Real logRate)
    {
        Lambda = lambda;
        _logRate = logRate;
        _fromLogRate = true;
    }

    // The log-rate form (Stan's poisson_log): η with λ = e^η.
    private readonly Real _logRate;
    private readonly bool _fromLogRate;

    /// <summary>
    /// Poisson(e^η) from the log rate η (Stan's <c>poisson_log(alpha)</c>): the log mass kη − e^η − log k! and its
    /// partial k − e^η are computed from η directly, without a logarithm of λ.
    /// </summary>
    /// <exception cref="ArgumentException">η is not finite, or e^η overflows (η &gt; 709).</exception>
    public static Poisson FromLogRate(Real eta)
    {
        Parameters.Finite(nameof(Poisson), "eta", eta.Value);
        if (eta.Value > 709)
            throw new ArgumentException($"Poisson: the log rate eta = {eta.Value:R} makes the rate e^eta overflow; it must be at most 709.", nameof(eta));
        return new Poisson(RealMath.Exp(eta), eta);
    }

    /// <summary>The rate λ.</summary>
    public Real Lambda { get; }

    /// <inheritdoc />
    public string Name => _fromLogRate ? $"Poisson(log_rate={_logRate})" : $"Poisson(lambda={Lambda})";

    /// <summary>The integers 0, 1, 2, ….</summary>
    public Support Support => Support.NonNegativeInteger;

    /// <summary>The mean λ.</summary>
    public double Mean => Lambda.Value;

    /// <summary>The variance λ.</summary>
    public double Variance => Lambda.Value;

    /// <inheritdoc />
    /// <exception cref="OverflowException">The draw exceeds int.MaxValue (only for λ near 2³¹ or above).</exception>
    public int Sample(Rng rng) => CountDraw.ToInt(PoissonVariate.Sample(rng, Lambda.Value), this);

    /// <summary>
    /// ∂/∂λ E[g(N)] = Σₙ p(n)(n/λ − 1)g(n) = E[g(N + 1)] − E[g(N)] (shifting the first sum): c = 1, p⁺ the law of N + 1,
    /// p⁻ the Poisson itself, both at the nominal draw N.
    /// </summary>
    public IEnumerable<WeakDerivative> WeakDerivatives(object nominal, Rng rng)
    {
        yield return new WeakDerivative(Lambda, 1, (int)nominal + 1, NegativePart.Nominal);
    }

    /// <summary>k log λ − λ − log k!; −∞ for k &lt; 0.</summary>
    public Real LogProb(int value)
    {
        int k = value;
        if (k < 0) return double.NegativeInfinity;
        if (_fromLogRate)
        {
            double lv = LogRateDensity.Value(_logRate.Value, k, out double de);
            return TapeNode.Replayable(Tape.Record(lv, _logRate, de), LogRateDensity.Instance, [_logRate], [k]);
        }
        double v = Density.Value(Lambda.Value, k, out double d);
        return TapeNode.Replayable(Tape.Record(v, Lambda, d), Density.Instance, [Lambda], [k]);
    }

    // The log mass kη − e^η − log k! and ∂/∂η = k − e^η; replays the node: operand η, constant k.
    private sealed class LogRateDensity : UnaryReplayKernel
    {
        public static readonly LogRateDensity Instance = new();

        public static double Value(double eta, int k, out double d)
        {
            double lambda = Math.Exp(eta);
            d = k - lambda;
            return k * eta - lambda - SpecialFunctions.LogFactorial(k);
        }

        public override double Evaluate(double a, ReadOnlySpan<double> constants, out double da) =>
            Value(a, (int)constants[0], out da);
    }

    // The log mass and ∂/∂λ; replays the node: operand λ, constant k.
    private sealed class Density : UnaryReplayKernel
    {
        public static readonly Density Instance = new();

        public static double Value(double lambda, int k, out double d)
        {
            d = k / lambda - 1.0;
            return (k == 0 ? 0.0 : k * Math.Log(lambda)) - lambda - SpecialFunctions.LogFactorial(k);
        }

        public override double Evaluate(double a, ReadOnlySpan<double> constants, out double da) =>
            Value(a, (int)constants[0], out da);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
