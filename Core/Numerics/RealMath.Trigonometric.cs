namespace Probabilistic;

public static partial class RealMath
{
    /// <summary>sin x; derivative cos x.</summary>
    public static Real Sin(Real x)
    {
        double v = Math.Sin(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, Math.Cos(x.Value), Numerics.ReplayOp.Sin);
    }

    /// <summary>cos x; derivative −sin x.</summary>
    public static Real Cos(Real x)
    {
        double v = Math.Cos(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, -Math.Sin(x.Value), Numerics.ReplayOp.Cos);
    }

    /// <summary>tanh x; derivative 1 − tanh² x.</summary>
    public static Real Tanh(Real x)
    {
        double v = Math.Tanh(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, 1.0 - v * v, Numerics.ReplayOp.Tanh);
    }
}
