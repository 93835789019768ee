using System.Runtime.CompilerServices;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Beta(alpha, beta): shapes α &gt; 0 and β &gt; 0 (Stan's <c>beta(alpha, beta)</c>; mean α/(α + β)),
/// density p(x) = x^(α−1)(1 − x)^(β−1)/B(α, β) on (0, 1).
/// </summary>
/// <remarks>
/// The CDF is the regularized incomplete beta function I_x(α, β) (<see cref="RegularizedBeta"/>); its
/// derivatives in α and β have no closed form and are Richardson-extrapolated central differences of
/// log I (relative error below 4·10⁻¹⁰ against mpmath on the tests' grid where the derivative exceeds 10⁻³⁰).
/// </remarks>
public sealed class Beta : IUnivariateCdf, IReparameterized<Real>
{
    /// <summary>The largest double below 1, where a draw that rounds to 1 is placed.</summary>
    private const double BelowOne = 1 - 1.0 / (1L << 53);

    private readonly double _alpha, _beta, _logBeta;
    private readonly GammaVariate _x, _y;

    /// <summary>Creates Beta(alpha, beta).</summary>
    /// <exception cref="ArgumentException">alpha or beta is not positive and finite (ParamName "alpha" or "beta").</exception>
    public Beta(Real alpha, Real beta)
    {
        Parameters.Positive(nameof(Beta), "alpha", alpha.Value);
        Parameters.Positive(nameof(Beta), "beta", beta.Value);
        Alpha = alpha;
        BetaShape = beta;
        _alpha = alpha.Value;
        _beta = beta.Value;
        _logBeta = SpecialFunctions.LogBeta(_alpha, _beta);
        _x = new GammaVariate(_alpha);
        _y = new GammaVariate(_beta);
    }

    /// <summary>The first shape α (the pseudo-count of successes).</summary>
    public Real Alpha { get; }

    /// <summary>The second shape β (named so that it does not clash with the class name).</summary>
    public Real BetaShape { get; }

    /// <inheritdoc />
    public string Name => $"Beta(alpha={Alpha}, beta={BetaShape})";

    /// <inheritdoc />
    public Support Support => Support.ClosedUnitInterval;

    /// <summary>α/(α + β).</summary>
    public double Mean => _alpha / (_alpha + _beta);

    /// <summary>αβ/((α + β)²(α + β + 1)).</summary>
    public double Variance
    {
        get
        {
            double s = _alpha + _beta;
            return _alpha * _beta / (s * s * (s + 1));
        }
    }

    /// <summary>
    /// X/(X + Y) with X ~ Gamma(α, 1), Y ~ Gamma(β, 1) (Marsaglia &amp; Tsang 2000), formed in log space as
    /// σ(log X − log Y) so that small shapes do not underflow. A draw that rounds to 0 or 1 is moved to
    /// the nearest double inside (0, 1) (as PyTorch's <c>clamp_probs</c>), so it stays in the support.
    /// </summary>
    public Real Sample(Rng rng) => new(Draw(rng, out _, out _, out _, out _));

    /// <summary>
    /// The draw of <see cref="Sample"/>, with gradients by implicit reparameterization through the two
    /// Gammas (Figurnov, Mohamed &amp; Mnih, NeurIPS 2018, §3): with B = σ(log X − log Y),
    /// ∂B/∂α = B(1 − B)·d log X/dα and ∂B/∂β = −B(1 − B)·d log Y/dβ
    /// (<see cref="RegularizedGamma.LogQuantileDerivativeA"/>), recorded as one node.
    /// </summary>
    public Real Rsample(Rng rng)
    {
        double b = Draw(rng, out double x, out double logX, out double y, out double logY);
        if (TapeNode.AllConstant(Alpha, BetaShape)) return new Real(b);
        // B(1 − B) = e^(log X + log Y − 2 log(X + Y)), in log space for small shapes.
        double d = logX - logY;
        double spread = -Math.Abs(d) - 2 * SpecialFunctions.Log1p(Math.Exp(-Math.Abs(d)));
        double scale = Math.Exp(spread);
        double dAlpha = Alpha.Tape is null ? 0 : scale * RegularizedGamma.LogQuantileDerivativeA(_alpha, x, logX);
        double dBeta = BetaShape.Tape is null ? 0 : -scale * RegularizedGamma.LogQuantileDerivativeA(_beta, y, logY);
        return Tape.Record(b, Alpha, dAlpha, BetaShape, dBeta);
    }

    private double Draw(Rng rng, out double x, out double logX, out double y, out double logY)
    {
        x = _x.Sample(rng, out logX);
        y = _y.Sample(rng, out logY);
        double d = logX - logY;
        double b = d >= 0 ? 1 / (1 + Math.Exp(-d)) : Math.Exp(d) / (1 + Math.Exp(d));
        return b < GammaVariate.Smallest ? GammaVariate.Smallest : b > BelowOne ? BelowOne : b;
    }

    /// <summary>
    /// log p(x) = (α − 1) log x + (β − 1) log(1 − x) − log B(α, β) for 0 &lt; x &lt; 1 (−∞ outside [0, 1]); at x = 0
    /// and x = 1 the limits (at 0: +∞ for α &lt; 1, log β for α = 1, −∞ for α &gt; 1; at 1 the same with α and β swapped:
    /// SciPy's values). One node: ∂/∂x = (α − 1)/x − (β − 1)/(1 − x), ∂/∂α = log x − ψ(α) + ψ(α + β),
    /// ∂/∂β = log(1 − x) − ψ(β) + ψ(α + β); Beta(1, β) at 0: −(β − 1), −∞ and ψ(1 + β) − ψ(β) = 1/β, Beta(α, 1) at 1
    /// likewise with the roles swapped (α − 1, 1/α, −∞). An infinite value is a constant.
    /// </summary>
    public Real LogProb(Real x)
    {
        // Without a tape the inlined function's partials are dead code: the constant path computes the value only.
        if (TapeNode.AllConstant(x, Alpha, BetaShape))
            return new Real(Density.Value(x.Value, _alpha, _beta, _logBeta, false, false, out _, out _, out _));
        bool alpha = Alpha.Tape is not null, beta = BetaShape.Tape is not null;
        double v = Density.Value(x.Value, _alpha, _beta, _logBeta, alpha, beta, out double dx, out double dAlpha, out double dBeta);
        if (!double.IsFinite(v)) return new Real(v);
        return TapeNode.Replayable(TapeNode.Record(v, x, dx, Alpha, dAlpha, BetaShape, dBeta),
            Density.Instance, x, Alpha, BetaShape, alpha || beta ? 1 : 0);
    }

    // The log density, the one function LogProb and the replay share; replays the node: operands (x, α, β), constant 0
    // whether a shape was a value on the tape (when not, the shapes' partials, which need ψ, are skipped).
    private sealed class Density : TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        /// <summary>
        /// The log density given log B(α, β), with its partials (∂/∂α only when <paramref name="shapeAlpha"/>, ∂/∂β only
        /// when <paramref name="shapeBeta"/>): the closed ends as LogProb documents them; −∞ with zero partials outside [0, 1].
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Value(double x, double alpha, double beta, double logBeta, bool shapeAlpha, bool shapeBeta,
            out double dx, out double dAlpha, out double dBeta)
        {
            if (x > 0 && x < 1)
            {
                double logX = Math.Log(x), log1mX = SpecialFunctions.Log1p(-x);
                double psiSum = shapeAlpha || shapeBeta ? SpecialFunctions.Digamma(alpha + beta) : 0;
                dx = (alpha - 1) / x - (beta - 1) / (1 - x);
                dAlpha = shapeAlpha ? logX - SpecialFunctions.Digamma(alpha) + psiSum : 0;
                dBeta = shapeBeta ? log1mX - SpecialFunctions.Digamma(beta) + psiSum : 0;
                return (alpha - 1) * logX + (beta - 1) * log1mX - logBeta;
            }
            if (x == 0 && alpha == 1)
            {
                // Beta(1, β): log β + (β − 1) log(1 − x); ∂/∂α keeps its log x term.
                dx = -(beta - 1);
                dAlpha = shapeAlpha ? double.NegativeInfinity : 0;
                dBeta = shapeBeta ? 1 / beta : 0;
                return Math.Log(beta);
            }
            if (x == 1 && beta == 1)
            {
                // Beta(α, 1): log α + (α − 1) log x; ∂/∂β keeps its log(1 − x) term.
                dx = alpha - 1;
                dAlpha = shapeAlpha ? 1 / alpha : 0;
                dBeta = shapeBeta ? double.NegativeInfinity : 0;
                return Math.Log(alpha);
            }
            dx = dAlpha = dBeta = 0;
            return x == 0 ? SupportEnd.InfiniteLimit(alpha - 1)
                : x == 1 ? SupportEnd.InfiniteLimit(beta - 1)
                : double.NegativeInfinity;
        }

        public override double Evaluate(double x, double alpha, double beta, ReadOnlySpan<double> constants,
            out double dx, out double dAlpha, out double dBeta)
        {
            bool shapes = constants[0] != 0;
            return Value(x, alpha, beta, SpecialFunctions.LogBeta(alpha, beta), shapes, shapes, out dx, out dAlpha, out dBeta);
        }
    }

    /// <summary>log I_x(α, β); −∞ for x ≤ 0, 0 for x ≥ 1.</summary>
    public Real LogCdf(Real x) => Tail(x, lower: true);

    /// <summary>log(1 − I_x(α, β)) = log I_(1−x)(β, α); 0 for x ≤ 0, −∞ for x ≥ 1.</summary>
    public Real LogSurvival(Real x) => Tail(x, lower: false);

    private Real Tail(Real x, bool lower)
    {
        double xv = x.Value;
        if (!(xv > 0)) return lower ? double.NegativeInfinity : 0.0;
        if (!(xv < 1)) return lower ? 0.0 : double.NegativeInfinity;
        double y = 1 - xv;
        double v = lower ? RegularizedBeta.LogLower(_alpha, _beta, xv, y) : RegularizedBeta.LogUpper(_alpha, _beta, xv, y);
        if (TapeNode.AllConstant(x, Alpha, BetaShape)) return new Real(v);
        double logDensity = (_alpha - 1) * Math.Log(xv) + (_beta - 1) * SpecialFunctions.Log1p(-xv) - _logBeta;
        double dx = Math.Exp(logDensity - v) * (lower ? 1 : -1);
        double dAlpha = Alpha.Tape is null ? 0 : lower
            ? RegularizedBeta.LogLowerDerivativeA(_alpha, _beta, xv, y) : RegularizedBeta.LogUpperDerivativeA(_alpha, _beta, xv, y);
        double dBeta = BetaShape.Tape is null ? 0 : lower
            ? RegularizedBeta.LogLowerDerivativeB(_alpha, _beta, xv, y) : RegularizedBeta.LogUpperDerivativeB(_alpha, _beta, xv, y);
        return TapeNode.Record(v, x, dx, Alpha, dAlpha, BetaShape, dBeta);
    }

    /// <summary>F⁻¹(p) by a safeguarded Newton search on log I or log(1 − I) (<see cref="QuantileSearch"/>), started at the mean.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Beta), p);
        return QuantileSearch.Solve(new Law(_alpha, _beta, _logBeta), p, 0, 1, Mean);
    }

    private readonly struct Law(double alpha, double beta, double logBeta) : ICdfFunctions
    {
        public double LogCdf(double x) => RegularizedBeta.LogLower(alpha, beta, x, 1 - x);
        public double LogSurvival(double x) => RegularizedBeta.LogUpper(alpha, beta, x, 1 - x);
        public double LogDensity(double x) => (alpha - 1) * Math.Log(x) + (beta - 1) * SpecialFunctions.Log1p(-x) - logBeta;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
