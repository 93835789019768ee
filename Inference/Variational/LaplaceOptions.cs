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
}
