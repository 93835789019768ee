namespace Probabilistic;

/// <summary>
/// Elementary functions on <see cref="Real"/>, each recording one tape node with its analytic partial.
/// </summary>
public static partial class RealMath
{
    /// <summary>e^x.</summary>
    public static Real Exp(Real x)
    {
        double v = Math.Exp(x.Value);
        return x.Tape is null ? new Real(v) : Numerics.Tape.Record(v, x, v);
    }

    /// <summary>Natural logarithm.</summary>
    public static Real Log(Real x)
    {
        double v = Math.Log(x.Value);
        return x.Tape is null ? new Real(v) : Numerics.Tape.Record(v, x, 1.0 / x.Value);
    }
}
