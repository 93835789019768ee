namespace Probabilistic.Numerics;

/// <summary>A comparison of two <see cref="Real"/>s, recorded as a guard while a tape records a program.</summary>
internal enum Comparison
{
    /// <summary>a &lt; b.</summary>
    Less,
    /// <summary>a &gt; b.</summary>
    Greater,
    /// <summary>a ≤ b.</summary>
    LessOrEqual,
    /// <summary>a ≥ b.</summary>
    GreaterOrEqual,
    /// <summary>a = b.</summary>
    Equal,
    /// <summary>a ≠ b.</summary>
    NotEqual,
    /// <summary>a.CompareTo(b), an outcome in {−1, 0, 1}.</summary>
    CompareTo,
}

/// <summary>Evaluates a <see cref="Comparison"/> on two doubles, as the <see cref="Real"/> operators do.</summary>
internal static class Comparisons
{
    /// <summary>1 or 0 for the boolean comparisons, the sign for <see cref="Comparison.CompareTo"/>.</summary>
    public static int Outcome(Comparison kind, double a, double b) => kind switch
    {
        Comparison.Less => a < b ? 1 : 0,
        Comparison.Greater => a > b ? 1 : 0,
        Comparison.LessOrEqual => a <= b ? 1 : 0,
        Comparison.GreaterOrEqual => a >= b ? 1 : 0,
        Comparison.Equal => a == b ? 1 : 0,
        Comparison.NotEqual => a != b ? 1 : 0,
        _ => Math.Sign(a.CompareTo(b)),
    };
}
