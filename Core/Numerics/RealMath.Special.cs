using Probabilistic.Numerics;

namespace Probabilistic;

public static partial class RealMath
{
    /// <summary>log |Γ(x)| (<see cref="SpecialFunctions.LogGamma"/>); derivative ψ(x).</summary>
    public static Real LogGamma(Real x)
    {
        double v = SpecialFunctions.LogGamma(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, SpecialFunctions.Digamma(x.Value), ReplayOp.LogGamma);
    }

    /// <summary>The digamma function ψ(x) (<see cref="SpecialFunctions.Digamma"/>); derivative ψ′(x).</summary>
    public static Real Digamma(Real x)
    {
        double v = SpecialFunctions.Digamma(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, SpecialFunctions.Trigamma(x.Value), ReplayOp.Digamma);
    }

    /// <summary>log B(a, b) (<see cref="SpecialFunctions.LogBeta"/>); partials ψ(a) − ψ(a + b) and ψ(b) − ψ(a + b).</summary>
    public static Real LogBeta(Real a, Real b)
    {
        double v = SpecialFunctions.LogBeta(a.Value, b.Value);
        if (a.Tape is null && b.Tape is null) return new Real(v);
        double psiSum = SpecialFunctions.Digamma(a.Value + b.Value);
        double da = a.Tape is null ? 0.0 : SpecialFunctions.Digamma(a.Value) - psiSum;
        double db = b.Tape is null ? 0.0 : SpecialFunctions.Digamma(b.Value) - psiSum;
        return Tape.Record(ReplayOp.LogBeta, v, a, da, b, db);
    }

    /// <summary>The error function (<see cref="SpecialFunctions.Erf"/>); derivative (2/√π)e^(−x²).</summary>
    public static Real Erf(Real x)
    {
        double v = SpecialFunctions.Erf(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, SpecialFunctions.TwoOverSqrtPi * Math.Exp(-x.Value * x.Value), ReplayOp.Erf);
    }

    /// <summary>The complementary error function (<see cref="SpecialFunctions.Erfc"/>); derivative −(2/√π)e^(−x²).</summary>
    public static Real Erfc(Real x)
    {
        double v = SpecialFunctions.Erfc(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, -SpecialFunctions.TwoOverSqrtPi * Math.Exp(-x.Value * x.Value), ReplayOp.Erfc);
    }
}
