namespace Probabilistic;

// Each function branches on the sign of x so that the exponential it evaluates is e^(−|x|) ≤ 1:
// nothing overflows, and the tails keep their relative accuracy (M. Mächler, "Accurately
// computing log(1 − exp(−|a|)) assessed by the Rmpfr package", 2012, on log(1 + eˣ)).
public static partial class RealMath
{
    /// <summary>The logistic sigmoid σ(x) = 1/(1 + e⁻ˣ); derivative σ(x)σ(−x).</summary>
    public static Real Logistic(Real x)
    {
        double v, d;
        if (x.Value >= 0)
        {
            double e = Math.Exp(-x.Value);
            v = 1.0 / (1.0 + e);
            d = v * v * e;
        }
        else
        {
            double e = Math.Exp(x.Value);
            double inv = 1.0 / (1.0 + e);
            v = e * inv;
            d = v * inv;
        }
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, d, Numerics.ReplayOp.Logistic);
    }

    /// <summary>log σ(x) = −log(1 + e⁻ˣ), stable for large |x| (LogLogistic(−1000) = −1000); derivative σ(−x).</summary>
    public static Real LogLogistic(Real x)
    {
        double v, d;
        if (x.Value >= 0)
        {
            double e = Math.Exp(-x.Value);
            v = -Numerics.SpecialFunctions.Log1p(e);
            d = e / (1.0 + e);
        }
        else
        {
            double e = Math.Exp(x.Value);
            v = x.Value - Numerics.SpecialFunctions.Log1p(e);
            d = 1.0 / (1.0 + e);
        }
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, d, Numerics.ReplayOp.LogLogistic);
    }

    /// <summary>softplus(x) = log(1 + eˣ), stable for large |x| (Softplus(1000) = 1000); derivative σ(x).</summary>
    public static Real Softplus(Real x)
    {
        double v, d;
        if (x.Value > 0)
        {
            double e = Math.Exp(-x.Value);
            v = x.Value + Numerics.SpecialFunctions.Log1p(e);
            d = 1.0 / (1.0 + e);
        }
        else
        {
            double e = Math.Exp(x.Value);
            v = Numerics.SpecialFunctions.Log1p(e);
            d = e / (1.0 + e);
        }
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, d, Numerics.ReplayOp.Softplus);
    }
}
