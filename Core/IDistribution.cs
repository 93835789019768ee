namespace Probabilistic;

/// <summary>
/// The contract every distribution meets: draw a value with a given generator, and give the log
/// density (or log mass) of a value as a <see cref="Real"/>, so that gradients flow to parameters
/// that are tape values. A value outside the support has log density −∞; it is not an error.
/// </summary>
/// <typeparam name="T">The type of a value.</typeparam>
public interface IDistribution<T>
{
    /// <summary>A short description naming the distribution and its parameters, for messages.</summary>
    string Name { get; }

    /// <summary>Draws a value.</summary>
    T Sample(Rng rng);

    /// <summary>The log density (continuous) or log mass (discrete) of <paramref name="value"/>; −∞ outside the support.</summary>
    Real LogProb(T value);
}

/// <summary>A distribution over finitely many values, which can list them (enumeration, exact inference).</summary>
/// <typeparam name="T">The type of a value.</typeparam>
public interface IFiniteDistribution<T> : IDistribution<T>
{
    /// <summary>Every value of positive mass, each once, in a fixed order.</summary>
    IReadOnlyList<T> EnumerateSupport();
}
