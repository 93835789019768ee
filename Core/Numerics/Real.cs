using System.Globalization;
using System.Runtime.CompilerServices;

namespace Probabilistic;

/// <summary>
/// A scalar that is a <see cref="double"/> with an optional node on a reverse-mode tape.
/// Outside a gradient computation a <see cref="Real"/> is a constant (<see cref="Tape"/> is null)
/// and every operation costs a <see cref="double"/> operation plus one branch; when an operand
/// belongs to a <see cref="Numerics.Tape"/> the result is recorded on that tape with its local partials,
/// so that <see cref="Numerics.Tape.Gradient(Real)"/> can sweep backwards (Griewank &amp; Walther,
/// <i>Evaluating Derivatives</i>, 2nd ed., ch. 3).
/// </summary>
/// <remarks>
/// The tape is carried by the value itself rather than by thread-local state, so gradient
/// computations on different threads, or nested on one thread, never interfere. Combining values
/// from two different tapes is an error (it would confuse perturbations).
/// </remarks>
public readonly partial struct Real : IEquatable<Real>, IComparable<Real>
{
    /// <summary>The numeric value.</summary>
    public readonly double Value;

    /// <summary>The tape that records this value's node, or null for a constant.</summary>
    public readonly Numerics.Tape? Tape;

    /// <summary>The node's index on <see cref="Tape"/> (meaningless for a constant).</summary>
    internal readonly int Index;

    /// <summary>A constant with the given value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Real(double value)
    {
        Value = value;
        Tape = null;
        Index = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Real(double value, Numerics.Tape tape, int index)
    {
        Value = value;
        Tape = tape;
        Index = index;
    }

    /// <summary>True when this value carries no tape node.</summary>
    public bool IsConstant
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Tape is null;
    }

    /// <summary>Converts a <see cref="double"/> to a constant.</summary>
    public static implicit operator Real(double value) => new(value);

    /// <summary>Converts an <see cref="int"/> to a constant.</summary>
    public static implicit operator Real(int value) => new(value);

    /// <summary>The value, dropping any tape node.</summary>
    public static explicit operator double(Real x) => x.Value;

    /// <summary>Sum.</summary>
    public static Real operator +(Real a, Real b)
    {
        return Numerics.Tape.Record(Numerics.ReplayOp.Add, a.Value + b.Value, a, 1.0, b, 1.0);
    }

    /// <summary>Difference.</summary>
    public static Real operator -(Real a, Real b)
    {
        return Numerics.Tape.Record(Numerics.ReplayOp.Subtract, a.Value - b.Value, a, 1.0, b, -1.0);
    }

    /// <summary>Product.</summary>
    public static Real operator *(Real a, Real b)
    {
        return Numerics.Tape.Record(Numerics.ReplayOp.Multiply, a.Value * b.Value, a, b.Value, b, a.Value);
    }

    /// <summary>Quotient.</summary>
    public static Real operator /(Real a, Real b)
    {
        double v = a.Value / b.Value;
        if (a.Tape is null && b.Tape is null) return new Real(v);
        double inv = 1.0 / b.Value; // partials computed only on a tape
        return Numerics.Tape.Record(Numerics.ReplayOp.Divide, v, a, inv, b, -v * inv);
    }

    /// <summary>Negation.</summary>
    public static Real operator -(Real a)
    {
        var t = a.Tape;
        return t is null ? new Real(-a.Value) : t.Unary(-a.Value, a.Index, -1.0, Numerics.ReplayOp.Negate);
    }

    /// <summary>Identity.</summary>
    public static Real operator +(Real a) => a;

    // A comparison of values on a recording tape is kept as a guard (Tape.StartRecording): a
    // replay whose comparison comes out differently reports failure. Constants pay one branch.

    /// <summary>Compares values (a guard while a tape records a program).</summary>
    public static bool operator <(Real a, Real b) => Guarded(Numerics.Comparison.Less, a, b, a.Value < b.Value);
    /// <summary>Compares values (a guard while a tape records a program).</summary>
    public static bool operator >(Real a, Real b) => Guarded(Numerics.Comparison.Greater, a, b, a.Value > b.Value);
    /// <summary>Compares values (a guard while a tape records a program).</summary>
    public static bool operator <=(Real a, Real b) => Guarded(Numerics.Comparison.LessOrEqual, a, b, a.Value <= b.Value);
    /// <summary>Compares values (a guard while a tape records a program).</summary>
    public static bool operator >=(Real a, Real b) => Guarded(Numerics.Comparison.GreaterOrEqual, a, b, a.Value >= b.Value);
    /// <summary>Equal values (tape nodes are ignored; a guard while a tape records a program).</summary>
    public static bool operator ==(Real a, Real b) => Guarded(Numerics.Comparison.Equal, a, b, a.Value == b.Value);
    /// <summary>Different values (tape nodes are ignored; a guard while a tape records a program).</summary>
    public static bool operator !=(Real a, Real b) => Guarded(Numerics.Comparison.NotEqual, a, b, a.Value != b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Guarded(Numerics.Comparison kind, Real a, Real b, bool outcome)
    {
        if (a.Tape is { IsRecording: true } || b.Tape is { IsRecording: true }) Numerics.Tape.Guard(kind, a, b, outcome ? 1 : 0);
        return outcome;
    }

    /// <inheritdoc />
    public bool Equals(Real other) => Guarded(Numerics.Comparison.Equal, this, other, Value.Equals(other.Value));
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Real r && Equals(r);
    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();
    /// <inheritdoc />
    public int CompareTo(Real other)
    {
        int c = Value.CompareTo(other.Value);
        if (Tape is { IsRecording: true } || other.Tape is { IsRecording: true }) Numerics.Tape.Guard(Numerics.Comparison.CompareTo, this, other, Math.Sign(c));
        return c;
    }
    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}
