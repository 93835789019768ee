using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Rmsmc{T}(Model{T}, RmsmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/> (and its kernel overload): the shared particle settings and the move.</summary>
public sealed record RmsmcOptions : ParticleOptions
{
    /// <summary>
    /// Single-site MH steps (or, with a user kernel, applications of it) given to each particle after each resampling
    /// (0 leaves the particles as resampled).
    /// </summary>
    public int MoveSteps { get; init; } = 1;

    internal override string Algorithm => "Rmsmc";

    private protected override void ValidateOwn() => OptionRules.AtLeast(Algorithm, nameof(MoveSteps), MoveSteps, 0);
}
