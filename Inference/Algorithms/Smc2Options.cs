using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// Options of <see cref="Infer.Smc2{T}"/>: the shared particle settings describe each parameter particle's inner filter
/// (<see cref="ParticleOptions.Particles"/> = N_x; 100 by default, one thread each); the resampling scheme and ESS
/// threshold apply to both levels, and the seed to the whole run.
/// </summary>
public sealed record Smc2Options : ParticleOptions
{
    /// <summary>The defaults: 100 parameter particles of 100 state particles each.</summary>
    public Smc2Options()
    {
        Particles = 100;
        MaxDegreeOfParallelism = 1;
    }

    /// <summary>Number of parameter particles N_θ.</summary>
    public int ParameterParticles { get; init; } = 100;

    /// <summary>PMMH moves per parameter particle after each parameter resampling.</summary>
    public int MoveSteps { get; init; } = 1;

    internal override string Algorithm => "Smc2";

    private protected override void ValidateOwn()
    {
        OptionRules.AtLeast(Algorithm, nameof(ParameterParticles), ParameterParticles);
        OptionRules.AtLeast(Algorithm, nameof(MoveSteps), MoveSteps, 0);
    }
}
