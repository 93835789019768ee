using System.Runtime.CompilerServices;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// ChiSquared(nu): ν &gt; 0 degrees of freedom (Stan's <c>chi_square(nu)</c>), the Gamma(ν/2, ½), density
/// p(x) = x^(ν/2 − 1)e^(−x/2)/(2^(ν/2)Γ(ν/2)) on (0, ∞).
/// </summary>
/// <remarks>
/// F(x) = P(ν/2, x/2) (<see cref="RegularizedGamma"/>); its derivative in ν has no closed form and is
/// computed as described there (relative error below 10⁻¹⁰ against mpmath on the tests' grid).
/// </remarks>
public sealed class ChiSquared : IUnivariateCdf
{
    private const double Log2 = 0.69314718055994530942;
    private readonly double _nu, _half, _logNormalizer;
    private readonly GammaVariate _variate;

    /// <summary>Creates ChiSquared(nu).</summary>
    /// <exception cref="ArgumentException">nu is not positive and finite (ParamName "nu").</exception>
    public ChiSquared(Real nu)
    {
        Parameters.Positive(nameof(ChiSquared), "nu", nu.Value);
        Nu = nu;
        _nu = nu.Value;
        _half = 0.5 * _nu;
        _logNormalizer = LogNormalizer(_half);
        _variate = new GammaVariate(_half);
    }

    /// <summary>The degrees of freedom ν.</summary>
    public Real Nu { get; }

    /// <inheritdoc />
    public string Name => $"ChiSquared(nu={Nu})";

    /// <inheritdoc />
    public Support Support => Support.NonNegative;

    /// <summary>ν.</summary>
    public double Mean => _nu;

    /// <summary>2ν.</summary>
    public double Variance => 2 * _nu;

    /// <summary>2z with z ~ Gamma(ν/2, 1) (Marsaglia &amp; Tsang 2000; <see cref="GammaVariate"/>).</summary>
    public Real Sample(Rng rng) => new(2 * _variate.Sample(rng));

    /// <summary>
    /// log p(x) = (ν/2 − 1) log x − x/2 − (ν/2) log 2 − log Γ(ν/2) for x &gt; 0 (−∞ for x &lt; 0); at x = 0 the limit
    /// (+∞ for ν &lt; 2, −log 2 for ν = 2, −∞ for ν &gt; 2: SciPy's values). One node:
    /// ∂/∂x = (ν/2 − 1)/x − ½, ∂/∂ν = (log x − log 2 − ψ(ν/2))/2 (at x = 0 with ν = 2: −½ and −∞). An infinite value
    /// is a constant.
    /// </summary>
    public Real LogProb(Real x)
    {
        // Without a tape the inlined function's partials are dead code: the constant path computes the value only.
        if (TapeNode.AllConstant(x, Nu)) return new Real(Density.Value(x.Value, _half, _logNormalizer, false, out _, out _));
        bool shape = Nu.Tape is not null;
        double v = Density.Value(x.Value, _half, _logNormalizer, shape, out double dx, out double dNu);
        if (!double.IsFinite(v)) return new Real(v);
        return TapeNode.Replayable(Tape.Record(v, x, dx, Nu, dNu), Density.Instance, x, Nu, shape ? 1 : 0);
    }

    /// <summary>−(ν/2) log 2 − log Γ(ν/2), the log of the density's constant factor, given ν/2.</summary>
    private static double LogNormalizer(double half) => -half * Log2 - SpecialFunctions.LogGamma(half);

    // The log density, the one function LogProb and the replay share; replays the node: operands (x, ν), constant: ν on
    // the tape (∂/∂ν needs digamma).
    private sealed class Density : BinaryReplayKernel
    {
        public static readonly Density Instance = new();

        /// <summary>
        /// The log density and its partials in (x, ν) given ν/2 and the normalizer (∂/∂ν only when <paramref name="shape"/>):
        /// the closed end x = 0 as LogProb documents it; −∞ with zero partials outside [0, ∞).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Value(double x, double half, double logNormalizer, bool shape, out double dx, out double dNu)
        {
            if (x > 0 && x < double.PositiveInfinity)
            {
                double logX = Math.Log(x);
                dx = (half - 1) / x - 0.5;
                dNu = shape ? 0.5 * (logX - Log2 - SpecialFunctions.Digamma(half)) : 0;
                return logNormalizer + (half - 1) * logX - 0.5 * x;
            }
            if (x == 0 && half == 1)
            {
                // χ²(2) = Exponential(½): −log 2 − x/2; ∂/∂ν keeps its log x term.
                dx = -0.5;
                dNu = shape ? double.NegativeInfinity : 0;
                return -Log2;
            }
            dx = dNu = 0;
            return x == 0 ? SupportEnd.InfiniteLimit(half - 1) : double.NegativeInfinity;
        }

        public override double Evaluate(double x, double nu, ReadOnlySpan<double> constants, out double dx, out double dNu)
        {
            double half = 0.5 * nu;
            return Value(x, half, LogNormalizer(half), constants[0] != 0, out dx, out dNu);
        }
    }

    /// <summary>log P(ν/2, x/2); −∞ for x ≤ 0.</summary>
    public Real LogCdf(Real x)
    {
        if (!(x.Value > 0)) return double.NegativeInfinity;
        double y = 0.5 * x.Value;
        double v = RegularizedGamma.LogP(_half, y);
        if (TapeNode.AllConstant(x, Nu) || double.IsPositiveInfinity(y)) return new Real(v);
        double dNu = Nu.Tape is null ? 0 : 0.5 * RegularizedGamma.LogPDerivativeA(_half, y);
        return Tape.Record(v, x, 0.5 * RegularizedGamma.LogPDerivativeX(_half, y), Nu, dNu);
    }

    /// <summary>log Q(ν/2, x/2); 0 for x ≤ 0.</summary>
    public Real LogSurvival(Real x)
    {
        if (!(x.Value > 0)) return 0.0;
        double y = 0.5 * x.Value;
        double v = RegularizedGamma.LogQ(_half, y);
        if (TapeNode.AllConstant(x, Nu) || double.IsPositiveInfinity(y)) return new Real(v);
        double dNu = Nu.Tape is null ? 0 : 0.5 * RegularizedGamma.LogQDerivativeA(_half, y);
        return Tape.Record(v, x, 0.5 * RegularizedGamma.LogQDerivativeX(_half, y), Nu, dNu);
    }

    /// <summary>2·P⁻¹(ν/2, p) by a safeguarded Newton search (<see cref="GammaQuantile"/>).</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(ChiSquared), p);
        return 2 * GammaQuantile.Lower(_half, p);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
