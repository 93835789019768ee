using System.Runtime.CompilerServices;

namespace Probabilistic;

// log Σ e^(xᵢ) = m + log Σ e^(xᵢ − m) with m = max xᵢ, so that no exponential overflows and the
// largest term is exactly 1; the partials are the softmax weights e^(xᵢ − m)/Σ e^(xⱼ − m).
// Terms equal to m get weight 1 directly, which also gives the limits at m = ±∞ (where xᵢ − m
// would be NaN): log(e^(−∞) + e^(−∞)) = −∞ with equal weights.
public static partial class RealMath
{
    /// <summary>log(eᵃ + eᵇ), stable for large |a|, |b|; partials eᵃ/(eᵃ + eᵇ) and eᵇ/(eᵃ + eᵇ).</summary>
    public static Real LogSumExp(Real a, Real b)
    {
        bool aLarger = a.Value >= b.Value;
        double m = aLarger ? a.Value : b.Value;
        double other = aLarger ? b.Value : a.Value;
        double e = other == m ? 1.0 : Math.Exp(other - m);
        double v = m + Numerics.SpecialFunctions.Log1p(e);
        if (a.Tape is null && b.Tape is null) return new Real(v);
        double wm = 1.0 / (1.0 + e), wo = e * wm;
        return Numerics.Tape.Record(Numerics.ReplayOp.LogSumExp2, v, a, aLarger ? wm : wo, b, aLarger ? wo : wm);
    }

    /// <summary>
    /// log Σᵢ e^(xᵢ), stable for large |xᵢ|, recorded as one node whose partials are the softmax
    /// weights. −∞ for an empty span.
    /// </summary>
    /// <exception cref="InvalidOperationException">The values belong to two different tapes.</exception>
    public static Real LogSumExp(ReadOnlySpan<Real> xs)
    {
        if (xs.Length == 0) return new Real(double.NegativeInfinity);
        double m = double.NegativeInfinity;
        foreach (var x in xs) m = Math.Max(m, x.Value); // propagates NaN
        var t = Numerics.Tape.Common(xs);
        double sum = 0;
        if (t is null)
        {
            foreach (var x in xs) sum += Weight(x.Value, m);
            return new Real(m + Math.Log(sum));
        }
        int start = t.BeginWide();
        foreach (var x in xs)
        {
            double w = Weight(x.Value, m);
            sum += w;
            t.AddWide(x, w);
        }
        double inv = 1.0 / sum;
        foreach (ref double w in t.WidePartials(start)) w *= inv;
        var result = t.EndWide(m + Math.Log(sum), start);
        if (t.IsRecording) Numerics.Tape.Describe(result, Numerics.ReplayOp.LogSumExp, xs);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Weight(double x, double max) => x == max ? 1.0 : Math.Exp(x - max);
}
