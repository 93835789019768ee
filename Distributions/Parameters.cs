namespace Probabilistic.Distributions;

/// <summary>Parameter checks shared by the distributions' constructors: each throws an <see cref="ArgumentException"/> naming the distribution, the parameter and the value.</summary>
internal static partial class Parameters
{
    public static void Probability(string distribution, string parameter, double value)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentException($"{distribution}: {parameter} must be a probability in [0, 1], but is {value:R}.", parameter);
    }

    public static void Positive(string distribution, string parameter, double value)
    {
        if (!(value > 0) || double.IsPositiveInfinity(value))
            throw new ArgumentException($"{distribution}: {parameter} must be positive and finite, but is {value:R}.", parameter);
    }

    public static void Finite(string distribution, string parameter, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{distribution}: {parameter} must be finite, but is {value:R}.", parameter);
    }
}
