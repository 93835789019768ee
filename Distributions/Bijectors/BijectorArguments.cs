namespace Probabilistic.Distributions;

/// <summary>Argument checks shared by the vector bijectors.</summary>
internal static class BijectorArguments
{
    /// <summary>Throws unless <paramref name="k"/> ≥ <paramref name="min"/>.</summary>
    public static int Dimension(string owner, int k, int min) =>
        k >= min ? k : throw new ArgumentException($"{owner}: k must be at least {min}, but is {k}.", nameof(k));

    /// <summary>Throws unless the spans of <see cref="Bijector.Forward"/> have the bijector's dimensions.</summary>
    public static void Forward(Bijector b, int uLength, int xLength)
    {
        if (uLength != b.UnconstrainedDimension)
            throw new ArgumentException($"{b.GetType().Name}.Forward: u has length {uLength} but the bijector has {b.UnconstrainedDimension} unconstrained coordinates.", "u");
        if (xLength != b.ConstrainedDimension)
            throw new ArgumentException($"{b.GetType().Name}.Forward: x has length {xLength} but the bijector has {b.ConstrainedDimension} constrained coordinates.", "x");
    }

    /// <summary>Throws unless the spans of <see cref="Bijector.Inverse"/> have the bijector's dimensions.</summary>
    public static void Inverse(Bijector b, int xLength, int uLength)
    {
        if (xLength != b.ConstrainedDimension)
            throw new ArgumentException($"{b.GetType().Name}.Inverse: x has length {xLength} but the bijector has {b.ConstrainedDimension} constrained coordinates.", "x");
        if (uLength != b.UnconstrainedDimension)
            throw new ArgumentException($"{b.GetType().Name}.Inverse: u has length {uLength} but the bijector has {b.UnconstrainedDimension} unconstrained coordinates.", "u");
    }
}
