namespace Probabilistic.Distributions;

// Checks for the discrete distributions' parameters: counts, success probabilities and
// probability vectors. Each throws an ArgumentException naming the distribution, the parameter
// (as ParamName) and the value.
internal static partial class Parameters
{
    public static void NonNegativeCount(string distribution, string parameter, int value)
    {
        if (value < 0)
            throw new ArgumentException($"{distribution}: {parameter} must be a non-negative count, but is {value}.", parameter);
    }

    /// <summary>p ∈ (0, 1]: a success probability for which "wait for a success" ends.</summary>
    public static void SuccessProbability(string distribution, string parameter, double value)
    {
        if (!(value > 0 && value <= 1))
            throw new ArgumentException($"{distribution}: {parameter} must be a probability in (0, 1], but is {value:R}.", parameter);
    }

    /// <summary>Each entry in [0, 1] (a bad entry is named as ParamName <c>parameter[i]</c>) and the sum within 1e-9 of 1; returns the sum.</summary>
    public static double ProbabilityVector(string distribution, string parameter, ReadOnlySpan<Real> probs)
    {
        NonEmpty(distribution, parameter, probs.Length);
        double sum = 0;
        for (int i = 0; i < probs.Length; i++) sum += ProbabilityEntry(distribution, parameter, i, probs[i].Value);
        return SumsToOne(distribution, parameter, sum);
    }

    /// <summary>As <see cref="ProbabilityVector(string, string, ReadOnlySpan{Real})"/> on doubles (compiled programs' draws); returns the sum, added in order.</summary>
    public static double ProbabilityVector(string distribution, string parameter, ReadOnlySpan<double> probs)
    {
        NonEmpty(distribution, parameter, probs.Length);
        double sum = 0;
        for (int i = 0; i < probs.Length; i++) sum += ProbabilityEntry(distribution, parameter, i, probs[i]);
        return SumsToOne(distribution, parameter, sum);
    }

    private static void NonEmpty(string distribution, string parameter, int length)
    {
        if (length == 0) throw new ArgumentException($"{distribution}: {parameter} must have at least one entry.", parameter);
    }

    private static double ProbabilityEntry(string distribution, string parameter, int i, double p) => p >= 0 && p <= 1 ? p
        : throw new ArgumentException($"{distribution}: {parameter}[{i}] must be a probability in [0, 1], but is {p:R}.", $"{parameter}[{i}]");

    private static double SumsToOne(string distribution, string parameter, double sum) => Math.Abs(sum - 1.0) <= 1e-9 ? sum
        : throw new ArgumentException($"{distribution}: {parameter} must sum to 1, but they sum to {sum:R}.", parameter);

    /// <summary>Every entry finite (not NaN or ±∞; a bad entry is named as ParamName <c>parameter[i]</c>), and at least one entry.</summary>
    public static void FiniteVector(string distribution, string parameter, ReadOnlySpan<Real> values)
    {
        if (values.Length == 0)
            throw new ArgumentException($"{distribution}: {parameter} must have at least one entry.", parameter);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i].Value))
                throw new ArgumentException($"{distribution}: {parameter}[{i}] must be finite, but is {values[i].Value:R}.", $"{parameter}[{i}]");
    }
}
