namespace Probabilistic.Distributions;

public static partial class Dist
{
    /// <summary>The finite mixture Σₖ wₖ pₖ of distributions over the same type.</summary>
    public static Mixture<T> Mixture<T>(IReadOnlyList<Real> weights, params IDistribution<T>[] components) => new(weights, components);

    /// <summary>The finite mixture Σₖ wₖ pₖ of continuous distributions, with moments and a support.</summary>
    public static ContinuousMixture Mixture(IReadOnlyList<Real> weights, params IContinuousDistribution[] components) => new(weights, components);

    /// <summary><paramref name="distribution"/> truncated to [lower, upper] (Stan's <c>T[lower, upper]</c>).</summary>
    public static Truncated Truncated(IUnivariateCdf distribution, double lower, double upper) => new(distribution, lower, upper);
}
