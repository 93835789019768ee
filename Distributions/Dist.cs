namespace Probabilistic.Distributions;

/// <summary>
/// The one entry point to the distribution library: <c>using static Probabilistic.Distributions.Dist;</c>
/// then <c>Bernoulli(0.3)</c>, <c>Categorical(0.2, 0.8)</c>, …
/// </summary>
public static partial class Dist
{
    /// <summary>Bernoulli(p) over bool.</summary>
    public static Bernoulli Bernoulli(Real p) => new(p);

    /// <summary>Categorical(probs) over 0 … K−1.</summary>
    public static Categorical Categorical(params double[] probs) => new(probs);

    /// <summary>Categorical(probs) over 0 … K−1, with probabilities that may carry gradients.</summary>
    public static Categorical Categorical(params Real[] probs) => new(probs);

    /// <summary>The uniform distribution over the given distinct values.</summary>
    public static UniformDraw<T> UniformDraw<T>(params T[] values) => new(values);

    /// <summary>The uniform distribution over the given distinct values.</summary>
    public static UniformDraw<T> UniformDraw<T>(IEnumerable<T> values) => new(values);
}
