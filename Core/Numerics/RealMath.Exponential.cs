using Probabilistic.Numerics;

namespace Probabilistic;

/// <summary>
/// Functions on <see cref="Real"/>. Each records one tape node with its analytic partial
/// derivatives (or none, for a constant argument, where it costs the <see cref="double"/> function
/// and one branch). Domains follow IEEE semantics: outside them the result is NaN or ±∞, not an
/// exception.
/// </summary>
public static partial class RealMath
{
    /// <summary>eˣ; derivative eˣ.</summary>
    public static Real Exp(Real x)
    {
        double v = Math.Exp(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, v, Numerics.ReplayOp.Exp);
    }

    /// <summary>Natural logarithm; derivative 1/x.</summary>
    public static Real Log(Real x)
    {
        double v = Math.Log(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, 1.0 / x.Value, Numerics.ReplayOp.Log);
    }

    /// <summary>log(1 + x), accurate for small |x| (<see cref="SpecialFunctions.Log1p"/>); derivative 1/(1 + x).</summary>
    public static Real Log1p(Real x)
    {
        double v = SpecialFunctions.Log1p(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, 1.0 / (1.0 + x.Value), Numerics.ReplayOp.Log1p);
    }

    /// <summary>eˣ − 1, accurate for small |x| (<see cref="SpecialFunctions.Expm1"/>); derivative eˣ.</summary>
    public static Real Expm1(Real x)
    {
        double v = SpecialFunctions.Expm1(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, Math.Exp(x.Value), Numerics.ReplayOp.Expm1);
    }
}
