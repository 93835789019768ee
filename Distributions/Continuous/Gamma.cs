using System.Runtime.CompilerServices;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Gamma(alpha, beta): shape α &gt; 0 and rate β &gt; 0 (Stan's <c>gamma(alpha, beta)</c>; mean α/β),
/// density p(x) = βᵅxᵅ⁻¹e^(−βx)/Γ(α) on (0, ∞).
/// </summary>
/// <remarks>
/// The CDF is the regularized incomplete gamma function P(α, βx) (<see cref="RegularizedGamma"/>).
/// Its derivative in α has no closed form: below x = (α + 1)/β it is an exact termwise series, above it
/// a Richardson-extrapolated central difference of log Q (relative error below 10⁻¹⁰ against mpmath on the tests' grid).
/// </remarks>
public sealed class Gamma : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _alpha, _beta, _logNormalizer;
    private readonly GammaVariate _variate;

    /// <summary>Creates Gamma(alpha, beta).</summary>
    /// <exception cref="ArgumentException">alpha or beta is not positive and finite (ParamName "alpha" or "beta").</exception>
    public Gamma(Real alpha, Real beta)
    {
        Parameters.Positive(nameof(Gamma), "alpha", alpha.Value);
        Parameters.Positive(nameof(Gamma), "beta", beta.Value);
        Alpha = alpha;
        Beta = beta;
        _alpha = alpha.Value;
        _beta = beta.Value;
        _logNormalizer = LogNormalizer(_alpha, _beta);
        _variate = new GammaVariate(_alpha);
    }

    /// <summary>The shape α.</summary>
    public Real Alpha { get; }

    /// <summary>The rate β (the inverse of the scale).</summary>
    public Real Beta { get; }

    /// <inheritdoc />
    public string Name => $"Gamma(alpha={Alpha}, beta={Beta})";

    /// <inheritdoc />
    public Support Support => Support.NonNegative;

    /// <summary>α/β.</summary>
    public double Mean => _alpha / _beta;

    /// <summary>α/β².</summary>
    public double Variance => _alpha / (_beta * _beta);

    /// <summary>
    /// z/β with z ~ Gamma(α, 1) by Marsaglia &amp; Tsang (ACM TOMS 2000; <see cref="GammaVariate"/>). A
    /// draw below the smallest normal double (possible only for α ≪ 1) is returned as that double.
    /// </summary>
    public Real Sample(Rng rng) => new(_variate.Sample(rng) / _beta);

    /// <summary>
    /// x = z/β, z ~ Gamma(α, 1), by implicit reparameterization (Figurnov, Mohamed &amp; Mnih, NeurIPS
    /// 2018): dz/dα = −(∂P(α, z)/∂α)/p(z; α) (<see cref="RegularizedGamma.LogQuantileDerivativeA"/>), so
    /// ∂x/∂α = (dz/dα)/β and ∂x/∂β = −x/β, recorded as one node. Same values as <see cref="Sample"/> for the same stream.
    /// </summary>
    public Real Rsample(Rng rng)
    {
        double z = _variate.Sample(rng, out double logZ);
        double x = z / _beta;
        if (TapeNode.AllConstant(Alpha, Beta)) return new Real(x);
        double dAlpha = Alpha.Tape is null ? 0 : x * RegularizedGamma.LogQuantileDerivativeA(_alpha, z, logZ);
        return Tape.Record(x, Alpha, dAlpha, Beta, -x / _beta);
    }

    /// <summary>
    /// log p(x) = α log β − log Γ(α) + (α − 1) log x − βx for x &gt; 0 (−∞ for x &lt; 0); at x = 0 the limit
    /// (+∞ for α &lt; 1, log β for α = 1, −∞ for α &gt; 1: SciPy's values). One node:
    /// ∂/∂x = (α − 1)/x − β, ∂/∂α = log β − ψ(α) + log x, ∂/∂β = α/β − x (at x = 0 with α = 1: −β, −∞ and 1/β). An
    /// infinite value is a constant.
    /// </summary>
    public Real LogProb(Real x)
    {
        // Without a tape the inlined function's partials are dead code: the constant path computes the value only.
        if (TapeNode.AllConstant(x, Alpha, Beta)) return new Real(Density.Value(x.Value, _alpha, _beta, _logNormalizer, false, out _, out _, out _));
        bool shape = Alpha.Tape is not null;
        double v = Density.Value(x.Value, _alpha, _beta, _logNormalizer, shape, out double dx, out double dAlpha, out double dBeta);
        if (!double.IsFinite(v)) return new Real(v);
        return TapeNode.Replayable(TapeNode.Record(v, x, dx, Alpha, dAlpha, Beta, dBeta), Density.Instance, x, Alpha, Beta, shape ? 1 : 0);
    }

    /// <summary>α log β − log Γ(α), the log of the density's constant factor.</summary>
    private static double LogNormalizer(double alpha, double beta) => alpha * Math.Log(beta) - SpecialFunctions.LogGamma(alpha);

    // The log density, the one function LogProb and the replay share; replays the node: operands (x, α, β), constant 0
    // whether α was a value on the tape (when not, its partial, which needs ψ, is skipped).
    private sealed class Density : TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        /// <summary>
        /// log p(x) given the normalizer α log β − log Γ(α), with its partials (∂/∂α only when <paramref name="shape"/>): the
        /// closed end x = 0 as LogProb documents it; −∞ with zero partials outside [0, ∞).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Value(double x, double alpha, double beta, double logNormalizer, bool shape,
            out double dx, out double dAlpha, out double dBeta)
        {
            if (x > 0 && x < double.PositiveInfinity)
            {
                double logX = Math.Log(x);
                dx = (alpha - 1) / x - beta;
                dAlpha = shape ? Math.Log(beta) - SpecialFunctions.Digamma(alpha) + logX : 0;
                dBeta = alpha / beta - x;
                return logNormalizer + (alpha - 1) * logX - beta * x;
            }
            if (x == 0 && alpha == 1)
            {
                // Gamma(1, β) = Exponential(β): log β − βx; ∂/∂α keeps its log x term.
                dx = -beta;
                dAlpha = shape ? double.NegativeInfinity : 0;
                dBeta = 1 / beta;
                return Math.Log(beta);
            }
            dx = dAlpha = dBeta = 0;
            return x == 0 ? SupportEnd.InfiniteLimit(alpha - 1) : double.NegativeInfinity;
        }

        public override double Evaluate(double x, double alpha, double beta, ReadOnlySpan<double> constants,
            out double dx, out double dAlpha, out double dBeta) =>
            Value(x, alpha, beta, LogNormalizer(alpha, beta), constants[0] != 0, out dx, out dAlpha, out dBeta);
    }

    /// <summary>log P(α, βx); −∞ for x ≤ 0.</summary>
    public Real LogCdf(Real x)
    {
        if (!(x.Value > 0)) return double.NegativeInfinity;
        double y = _beta * x.Value;
        double v = RegularizedGamma.LogP(_alpha, y);
        if (TapeNode.AllConstant(x, Alpha, Beta)) return new Real(v);
        double dy = double.IsPositiveInfinity(y) ? 0 : RegularizedGamma.LogPDerivativeX(_alpha, y);
        double dAlpha = Alpha.Tape is null || double.IsPositiveInfinity(y) ? 0 : RegularizedGamma.LogPDerivativeA(_alpha, y);
        return TapeNode.Record(v, x, _beta * dy, Alpha, dAlpha, Beta, x.Value * dy);
    }

    /// <summary>log Q(α, βx); 0 for x ≤ 0.</summary>
    public Real LogSurvival(Real x)
    {
        if (!(x.Value > 0)) return 0.0;
        double y = _beta * x.Value;
        double v = RegularizedGamma.LogQ(_alpha, y);
        if (TapeNode.AllConstant(x, Alpha, Beta) || double.IsPositiveInfinity(y)) return new Real(v);
        double dy = RegularizedGamma.LogQDerivativeX(_alpha, y);
        double dAlpha = Alpha.Tape is null ? 0 : RegularizedGamma.LogQDerivativeA(_alpha, y);
        return TapeNode.Record(v, x, _beta * dy, Alpha, dAlpha, Beta, x.Value * dy);
    }

    /// <summary>F⁻¹(p) by a safeguarded Newton search on log P or log Q (<see cref="GammaQuantile"/>); 0 and +∞ at p = 0 and 1.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Gamma), p);
        return GammaQuantile.Lower(_alpha, p) / _beta;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
