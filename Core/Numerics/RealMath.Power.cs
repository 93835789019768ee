namespace Probabilistic;

public static partial class RealMath
{
    /// <summary>√x; derivative 1/(2√x).</summary>
    public static Real Sqrt(Real x)
    {
        double v = Math.Sqrt(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, 0.5 / v, Numerics.ReplayOp.Sqrt);
    }

    /// <summary>x²; derivative 2x.</summary>
    public static Real Square(Real x)
    {
        double v = x.Value * x.Value;
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, 2.0 * x.Value, Numerics.ReplayOp.Square);
    }

    /// <summary>xʸ with a constant exponent; derivative y·xʸ⁻¹.</summary>
    public static Real Pow(Real x, double y)
    {
        double v = Math.Pow(x.Value, y);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, PowBaseDerivative(x.Value, y, v), Numerics.ReplayOp.PowConstant, y);
    }

    /// <summary>
    /// xʸ; partials ∂/∂x = y·xʸ⁻¹ and ∂/∂y = xʸ·log x (taken as 0 where xʸ = 0, the limit from
    /// above; NaN for x &lt; 0, where xʸ is not differentiable in y over the reals).
    /// </summary>
    public static Real Pow(Real x, Real y)
    {
        double v = Math.Pow(x.Value, y.Value);
        if (x.Tape is null && y.Tape is null) return new Real(v);
        double dx = x.Tape is null ? 0.0 : PowBaseDerivative(x.Value, y.Value, v);
        double dy = y.Tape is null || v == 0 ? 0.0 : v * Math.Log(x.Value);
        return Numerics.Tape.Record(Numerics.ReplayOp.Pow, v, x, dx, y, dy);
    }

    // y·x^(y−1), as y·v/x where x ≠ 0 (saves a pow) and by pow at x = 0.
    internal static double PowBaseDerivative(double x, double y, double v) =>
        y == 0 ? 0.0 : x != 0 ? y * v / x : y * Math.Pow(x, y - 1.0);
}
