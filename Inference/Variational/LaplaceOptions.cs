namespace Probabilistic.Inference.Variational;

/// <summary>Options of <see cref="AutoLaplace.Fit{T}"/>.</summary>
public sealed record LaplaceOptions
{
    /// <summary>The most Newton iterations in search of the mode (positive).</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>
    /// The mode is reached when every derivative of the unconstrained log density is at most this in absolute value
    /// (positive and finite). Where the gradient is g, the distance to the mode is about H⁻¹g, which is s²g along a
    /// direction of posterior sd s: with the default 10⁻⁸, under 10⁻² s for every s up to 10⁶.
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>Constrained starting values of some or all latent continuous choices (the others start at θ = 0); null to
    /// start at θ = 0 (T(0): 1 for a positive choice, ½ on the unit interval). An address that is not a latent choice is a
    /// <see cref="ModelException"/> naming it and the nearest ones.</summary>
    public ChoiceMap? InitialValues { get; init; }

    /// <summary>Seeds the prior run that discovers the model's continuous choices.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Checks every setting once, where <see cref="AutoLaplace.Fit{T}"/> (<paramref name="algorithm"/>) starts: an
    /// out-of-range one is an <see cref="ArgumentOutOfRangeException"/> whose parameter name is the option's.
    /// </summary>
    internal void Validate(string algorithm)
    {
        if (MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, $"{algorithm}: MaxIterations must be positive, but is {MaxIterations}.");
        if (!(GradientTolerance > 0) || !double.IsFinite(GradientTolerance))
            throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, $"{algorithm}: GradientTolerance must be positive and finite, but is {GradientTolerance}.");
    }
}
