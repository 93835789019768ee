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
        return Numerics.Tape.Record(a.Value + b.Value, a, 1.0, b, 1.0);
    }

    /// <summary>Difference.</summary>
    public static Real operator -(Real a, Real b)
    {
        return Numerics.Tape.Record(a.Value - b.Value, a, 1.0, b, -1.0);
    }

    /// <summary>Product.</summary>
    public static Real operator *(Real a, Real b)
    {
        return Numerics.Tape.Record(a.Value * b.Value, a, b.Value, b, a.Value);
    }

    /// <summary>Quotient.</summary>
    public static Real operator /(Real a, Real b)
    {
        double v = a.Value / b.Value;
        if (a.Tape is null && b.Tape is null) return new Real(v);
        double inv = 1.0 / b.Value; // partials computed only on a tape
        return Numerics.Tape.Record(v, a, inv, b, -v * inv);
    }

    /// <summary>Negation.</summary>
    public static Real operator -(Real a)
    {
        var t = a.Tape;
        return t is null ? new Real(-a.Value) : t.Unary(-a.Value, a.Index, -1.0);
    }

    /// <summary>Identity.</summary>
    public static Real operator +(Real a) => a;

    /// <summary>Compares values.</summary>
    public static bool operator <(Real a, Real b) => a.Value < b.Value;
    /// <summary>Compares values.</summary>
    public static bool operator >(Real a, Real b) => a.Value > b.Value;
    /// <summary>Compares values.</summary>
    public static bool operator <=(Real a, Real b) => a.Value <= b.Value;
    /// <summary>Compares values.</summary>
    public static bool operator >=(Real a, Real b) => a.Value >= b.Value;
    /// <summary>Equal values (tape nodes are ignored).</summary>
    public static bool operator ==(Real a, Real b) => a.Value == b.Value;
    /// <summary>Different values (tape nodes are ignored).</summary>
    public static bool operator !=(Real a, Real b) => a.Value != b.Value;

    /// <inheritdoc />
    public bool Equals(Real other) => Value.Equals(other.Value);
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Real r && Equals(r);
    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();
    /// <inheritdoc />
    public int CompareTo(Real other) => Value.CompareTo(other.Value);
    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}
