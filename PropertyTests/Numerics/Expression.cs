namespace Probabilistic.PropertyTests.Numerics;

/// <summary>
/// One evaluation of an <see cref="Expression"/>: the variables, every intermediate value with the
/// magnitude its rounding error scales with, and which side of each kink (|a|, min, max) it took.
/// </summary>
public sealed class Evaluation(Real[] variables)
{
    public Real[] Variables { get; } = variables;

    /// <summary>Every value computed, with the magnitude of the terms it summed (|value| for a single operation).</summary>
    public List<(Real Value, double Magnitude)> Values { get; } = [];

    /// <summary>The side taken at each kink, in evaluation order.</summary>
    public List<bool> KinkSides { get; } = [];

    public Real Note(Real r, double magnitude)
    {
        Values.Add((r, magnitude));
        return r;
    }

    public Real Note(Real r) => Note(r, Math.Abs(r.Value));

    public void Kink(double argument) => KinkSides.Add(argument >= 0);

    /// <summary>softplus(a) + ¼ ≥ ¼: an argument kept away from the singularities of log, √, log Γ, ψ and division.</summary>
    public Real Positive(Real a) => Note(Note(RealMath.Softplus(a)) + 0.25);

    /// <summary>4·tanh(a/4) ∈ (−4, 4): an argument kept where exp and sin stay moderate.</summary>
    public Real Bounded(Real a) => Note(Note(RealMath.Tanh(Note(a / 4.0))) * 4.0);
}

/// <summary>A random expression over <see cref="Real"/> variables x0, x1, x2.</summary>
public abstract class Expression
{
    public abstract Real Evaluate(Evaluation e);

    /// <summary>The direct subexpressions (what a failing case shrinks to).</summary>
    public abstract IEnumerable<Expression> Children { get; }
}

public sealed class Variable(int index) : Expression
{
    public override Real Evaluate(Evaluation e) => e.Variables[index];
    public override IEnumerable<Expression> Children => [];
    public override string ToString() => $"x{index}";
}

public sealed class Constant(double value) : Expression
{
    public override Real Evaluate(Evaluation e) => value;
    public override IEnumerable<Expression> Children => [];
    public override string ToString() => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An operation on the values of its operands; <see cref="Format"/> has {0}, {1}, … for them.</summary>
public sealed record Operation(string Format, Func<Real[], Evaluation, Real> Apply);

public sealed class Application(Operation operation, Expression[] operands) : Expression
{
    public override Real Evaluate(Evaluation e)
    {
        var values = new Real[operands.Length];
        for (int i = 0; i < values.Length; i++) values[i] = operands[i].Evaluate(e);
        return operation.Apply(values, e);
    }

    public override IEnumerable<Expression> Children => operands;

    public override string ToString() =>
        operation.Format.Contains("{*}")
            ? operation.Format.Replace("{*}", string.Join(", ", operands.Select(o => o.ToString())))
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, operation.Format, operands.Select(o => (object)o.ToString()!).ToArray());
}
