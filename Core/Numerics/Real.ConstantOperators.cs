namespace Probabilistic;

// Operators with one double operand. Without them a double converts to a constant Real and goes
// through the two-operand path; with them it is one branch and, on a tape, a one-parent node.
public readonly partial struct Real
{
    /// <summary>Sum with a constant.</summary>
    public static Real operator +(Real a, double b)
    {
        double v = a.Value + b;
        var t = a.Tape;
        return t is null ? new Real(v) : t.Unary(v, a.Index, 1.0, Numerics.ReplayOp.Add, b);
    }

    /// <summary>Sum with a constant.</summary>
    public static Real operator +(double a, Real b) => b + a;

    /// <summary>Difference with a constant.</summary>
    public static Real operator -(Real a, double b)
    {
        double v = a.Value - b;
        var t = a.Tape;
        return t is null ? new Real(v) : t.Unary(v, a.Index, 1.0, Numerics.ReplayOp.Subtract, b);
    }

    /// <summary>Difference from a constant.</summary>
    public static Real operator -(double a, Real b)
    {
        double v = a - b.Value;
        var t = b.Tape;
        return t is null ? new Real(v) : t.Unary(v, b.Index, -1.0, Numerics.ReplayOp.ReverseSubtract, a);
    }

    /// <summary>Product with a constant.</summary>
    public static Real operator *(Real a, double b)
    {
        double v = a.Value * b;
        var t = a.Tape;
        return t is null ? new Real(v) : t.Unary(v, a.Index, b, Numerics.ReplayOp.Multiply, b);
    }

    /// <summary>Product with a constant.</summary>
    public static Real operator *(double a, Real b) => b * a;

    /// <summary>Quotient by a constant.</summary>
    public static Real operator /(Real a, double b)
    {
        double v = a.Value / b;
        var t = a.Tape;
        return t is null ? new Real(v) : t.Unary(v, a.Index, 1.0 / b, Numerics.ReplayOp.Divide, b);
    }

    /// <summary>Quotient of a constant.</summary>
    public static Real operator /(double a, Real b)
    {
        double v = a / b.Value;
        var t = b.Tape;
        return t is null ? new Real(v) : t.Unary(v, b.Index, -v / b.Value, Numerics.ReplayOp.ReverseDivide, a);
    }
}
