using System.Runtime.CompilerServices;

namespace Probabilistic.Distributions;

// Checks for the continuous distributions' constructors and quantile functions.
internal static partial class Parameters
{
    /// <summary>As <see cref="Positive"/>, with the test inlined at the call and the throw kept out of line (constructors on hot paths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequirePositive(string distribution, string parameter, double value)
    {
        if (!(value > 0 && value < double.PositiveInfinity)) Positive(distribution, parameter, value);
    }

    /// <summary>As <see cref="Finite"/>, with the test inlined at the call and the throw kept out of line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireFinite(string distribution, string parameter, double value)
    {
        if (!double.IsFinite(value)) Finite(distribution, parameter, value);
    }

    /// <summary>lower &lt; upper, both finite; the exception names the upper bound's parameter.</summary>
    public static void Ordered(string distribution, string lowerName, double lower, string upperName, double upper)
    {
        Finite(distribution, lowerName, lower);
        Finite(distribution, upperName, upper);
        if (!(lower < upper))
            throw new ArgumentException($"{distribution}: {upperName} must be greater than {lowerName} = {lower:R}, but is {upper:R}.", upperName);
    }

    /// <summary>A probability level p ∈ [0, 1] for a quantile function.</summary>
    public static void QuantileLevel(string distribution, double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{distribution}.InverseCdf: p must lie in [0, 1], but is {p:R}.");
    }
}
