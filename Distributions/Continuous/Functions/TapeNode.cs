namespace Probabilistic.Distributions;

/// <summary>
/// Records a value with three parents as one tape node (two-parent and one-parent nodes go
/// through <see cref="Numerics.Tape.Record(double, Real, double, Real, double)"/>): a density's value with its
/// analytic partials in the argument and two parameters. Allocation-free: the spans are inline
/// arrays on the stack.
/// </summary>
internal static class TapeNode
{
    /// <summary>value = f(a, b, c) with ∂f/∂a = da, ∂f/∂b = db, ∂f/∂c = dc; a constant when none is on a tape.</summary>
    public static Real Record(double value, Real a, double da, Real b, double db, Real c, double dc)
    {
        if (a.Tape is null) return Numerics.Tape.Record(value, b, db, c, dc);
        if (b.Tape is null) return Numerics.Tape.Record(value, a, da, c, dc);
        if (c.Tape is null) return Numerics.Tape.Record(value, a, da, b, db);
        return Numerics.Tape.Record(value, [a, b, c], [da, db, dc]);
    }

    /// <summary>
    /// Returns <paramref name="result"/>, described as what <paramref name="kernel"/> computes from (a, b) and the constants c0, c1
    /// (NaN: none) when it was recorded on a tape that records a program: the operand list is built only
    /// then, so the common (not recording) path does no work for it.
    /// </summary>
    public static Real Replayable(Real result, Numerics.IReplayKernel kernel, Real a, Real b, double c0 = double.NaN, double c1 = double.NaN)
    {
        if (result.Tape is { IsRecording: true })
        {
            if (double.IsNaN(c0)) Numerics.Tape.Describe(result, kernel, [a, b]);
            else if (double.IsNaN(c1)) Numerics.Tape.Describe(result, kernel, [a, b], [c0]);
            else Numerics.Tape.Describe(result, kernel, [a, b], [c0, c1]);
        }
        return result;
    }

    /// <summary><see cref="Replayable(Real, Numerics.IReplayKernel, Real, Real, double, double)"/> for three operands and an optional constant.</summary>
    public static Real Replayable(Real result, Numerics.IReplayKernel kernel, Real a, Real b, Real c, double constant = double.NaN)
    {
        if (result.Tape is { IsRecording: true })
        {
            if (double.IsNaN(constant)) Numerics.Tape.Describe(result, kernel, [a, b, c]);
            else Numerics.Tape.Describe(result, kernel, [a, b, c], [constant]);
        }
        return result;
    }

    /// <summary><see cref="Replayable(Real, Numerics.IReplayKernel, Real, Real, double, double)"/> for four operands and one constant.</summary>
    public static Real Replayable(Real result, Numerics.IReplayKernel kernel, Real a, Real b, Real c, Real d, double constant)
    {
        if (result.Tape is { IsRecording: true }) Numerics.Tape.Describe(result, kernel, [a, b, c, d], [constant]);
        return result;
    }

    /// <summary>
    /// Returns <paramref name="result"/>, described for a <see cref="Numerics.TapeProgram"/> as what
    /// <paramref name="kernel"/> computes from <paramref name="operands"/> and <paramref name="constants"/>
    /// when it was recorded on a tape that records a program.
    /// </summary>
    public static Real Replayable(Real result, Numerics.IReplayKernel kernel, ReadOnlySpan<Real> operands, ReadOnlySpan<double> constants = default)
    {
        if (result.Tape is { IsRecording: true }) Numerics.Tape.Describe(result, kernel, operands, constants);
        return result;
    }

    /// <summary>Clears the partials and returns −∞: a density's replay outside its support, as its record site returns a constant −∞ there.</summary>
    public static double OutsideSupport(Span<double> partials)
    {
        partials.Clear();
        return double.NegativeInfinity;
    }

    /// <summary>True when none of the values is on a tape (the caller can return a constant and skip the partials).</summary>
    public static bool AllConstant(Real a, Real b) => a.Tape is null && b.Tape is null;

    /// <summary>True when none of the values is on a tape.</summary>
    public static bool AllConstant(Real a, Real b, Real c) => a.Tape is null && b.Tape is null && c.Tape is null;
}
