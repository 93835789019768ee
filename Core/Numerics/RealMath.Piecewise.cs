namespace Probabilistic;

public static partial class RealMath
{
    /// <summary>|x|; derivative sign(x), taken as 0 at x = 0.</summary>
    public static Real Abs(Real x)
    {
        double v = Math.Abs(x.Value);
        var t = x.Tape;
        return t is null ? new Real(v) : t.Unary(v, x.Index, x.Value > 0 ? 1.0 : x.Value < 0 ? -1.0 : 0.0, Numerics.ReplayOp.Abs);
    }

    /// <summary>
    /// The smaller of a and b (a when they are equal, NaN when either is NaN). It returns that
    /// operand itself, so no node is recorded: the gradient flows to the chosen operand.
    /// </summary>
    /// <remarks>The choice is a guard while a tape records a program (<see cref="Numerics.Tape.StartRecording"/>).</remarks>
    public static Real Min(Real a, Real b) =>
        a <= b || double.IsNaN(a.Value) ? a : b;

    /// <summary>
    /// The larger of a and b (a when they are equal, NaN when either is NaN). It returns that
    /// operand itself, so no node is recorded: the gradient flows to the chosen operand.
    /// </summary>
    /// <remarks>The choice is a guard while a tape records a program (<see cref="Numerics.Tape.StartRecording"/>).</remarks>
    public static Real Max(Real a, Real b) =>
        a >= b || double.IsNaN(a.Value) ? a : b;
}
