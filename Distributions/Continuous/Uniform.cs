using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Uniform(lower, upper): constant density p(x) = 1/(upper − lower) on (lower, upper), for finite
/// lower &lt; upper (Stan's <c>uniform(alpha, beta)</c>).
/// </summary>
public sealed class Uniform : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _lower, _upper, _width, _logWidth;

    /// <summary>Creates Uniform(lower, upper).</summary>
    /// <exception cref="ArgumentException">lower or upper is not finite (ParamName "lower" or "upper"), or upper ≤ lower (ParamName "upper").</exception>
    public Uniform(Real lower, Real upper)
    {
        Parameters.Ordered(nameof(Uniform), "lower", lower.Value, "upper", upper.Value);
        Lower = lower;
        Upper = upper;
        _lower = lower.Value;
        _upper = upper.Value;
        _width = _upper - _lower;
        _logWidth = Math.Log(_width);
        Support = Support.ClosedInterval(_lower, _upper);
    }

    /// <summary>The lower bound.</summary>
    public Real Lower { get; }

    /// <summary>The upper bound.</summary>
    public Real Upper { get; }

    /// <inheritdoc />
    public string Name => $"Uniform(lower={Lower}, upper={Upper})";

    /// <inheritdoc />
    public Support Support { get; }

    /// <summary>(lower + upper)/2.</summary>
    public double Mean => 0.5 * (_lower + _upper);

    /// <summary>(upper − lower)²/12.</summary>
    public double Variance => _width * _width / 12;

    /// <summary>
    /// lower + (upper − lower)u with u uniform on (0, 1). Where rounding puts the result on a bound,
    /// it is moved to the nearest double inside, so a draw always lies in the open support.
    /// </summary>
    public Real Sample(Rng rng) => new(Inside(_lower + _width * rng.NextOpenDouble()));

    /// <summary>x = lower + (upper − lower)u: ∂x/∂lower = 1 − u, ∂x/∂upper = u.</summary>
    public Real Rsample(Rng rng)
    {
        double u = rng.NextOpenDouble();
        return Tape.Record(Inside(_lower + _width * u), Lower, 1 - u, Upper, u);
    }

    private double Inside(double x) =>
        x <= _lower ? Math.BitIncrement(_lower) : x >= _upper ? Math.BitDecrement(_upper) : x;

    /// <summary>
    /// log p(x) = −log(upper − lower) for lower ≤ x ≤ upper (−∞ otherwise; the ends are in the support, as in Stan and SciPy). One node:
    /// ∂/∂lower = 1/(upper − lower), ∂/∂upper = −1/(upper − lower) (and 0 in x).
    /// </summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!(xv >= _lower && xv <= _upper)) return double.NegativeInfinity;
        if (TapeNode.AllConstant(Lower, Upper))
        {
            // No node: a replay must still see x leave the closed interval, so the two comparisons are guards.
            if (x.Tape is { IsRecording: true })
            {
                Tape.Guard(Comparison.GreaterOrEqual, x, Lower, 1);
                Tape.Guard(Comparison.LessOrEqual, x, Upper, 1);
            }
            return new Real(-_logWidth);
        }
        double inv = 1 / _width;
        return TapeNode.Replayable(Tape.Record(-_logWidth, Lower, inv, Upper, -inv), Density.Instance, x, Lower, Upper);
    }

    // −log(upper − lower) on the closed interval, −∞ outside; partials in (x, lower, upper); replays the
    // node: operands (x, lower, upper).
    private sealed class Density : TernaryReplayKernel
    {
        public static readonly Density Instance = new();

        public override double Evaluate(double x, double lower, double upper, ReadOnlySpan<double> constants,
            out double dx, out double dLower, out double dUpper)
        {
            dx = 0;
            if (!(x >= lower && x <= upper))
            {
                dLower = dUpper = 0;
                return double.NegativeInfinity;
            }
            double width = upper - lower, inv = 1 / width;
            dLower = inv;
            dUpper = -inv;
            return -Math.Log(width);
        }
    }

    /// <summary>log((x − lower)/(upper − lower)), clamped to −∞ below and 0 above the interval.</summary>
    public Real LogCdf(Real x)
    {
        double xv = x.Value;
        if (!(xv > _lower)) return double.NegativeInfinity;
        if (xv >= _upper) return 0.0;
        double d = xv - _lower;
        double v = Math.Log(d) - _logWidth;
        if (TapeNode.AllConstant(x, Lower, Upper)) return new Real(v);
        double inv = 1 / _width;
        return TapeNode.Record(v, x, 1 / d, Lower, inv - 1 / d, Upper, -inv);
    }

    /// <summary>log((upper − x)/(upper − lower)), clamped to 0 below and −∞ above the interval.</summary>
    public Real LogSurvival(Real x)
    {
        double xv = x.Value;
        if (!(xv < _upper)) return double.NegativeInfinity;
        if (xv <= _lower) return 0.0;
        double d = _upper - xv;
        double v = Math.Log(d) - _logWidth;
        if (TapeNode.AllConstant(x, Lower, Upper)) return new Real(v);
        double inv = 1 / _width;
        return TapeNode.Record(v, x, -1 / d, Lower, inv, Upper, 1 / d - inv);
    }

    /// <summary>lower + p(upper − lower) for p ≤ ½, upper − (1 − p)(upper − lower) above (1 − p is exact there), so that the result is exact to an ulp at either end.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Uniform), p);
        return p <= 0.5 ? _lower + p * _width : _upper - (1 - p) * _width;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
