using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// Options of <see cref="Infer.ParticleGibbs{T}"/>: the chain's length and the shared particle settings of each
/// conditional SMC sweep (100 particles, one thread by default). The sweeps resample multinomially at every step, the
/// conditional kernel of Andrieu, Doucet &amp; Holenstein (2010): <see cref="ParticleOptions.Resampler"/> must stay
/// <see cref="Resampler.Multinomial"/> and <see cref="ParticleOptions.EssThreshold"/> 1.
/// </summary>
public sealed record ParticleGibbsOptions : ParticleOptions
{
    /// <summary>The defaults: 1000 kept traces after 100 burn-in sweeps of 100 particles, multinomial resampling at every step.</summary>
    public ParticleGibbsOptions()
    {
        Particles = 100;
        Resampler = Resampler.Multinomial;
        EssThreshold = 1.0;
        MaxDegreeOfParallelism = 1;
    }

    /// <summary>Number of kept traces.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Sweeps discarded before the first kept trace.</summary>
    public int BurnIn { get; init; } = 100;

    internal override string Algorithm => "ParticleGibbs";

    /// <summary>One particle is the reference.</summary>
    private protected override int MinimumParticles => 2;

    private protected override void ValidateOwn()
    {
        OptionRules.AtLeast(Algorithm, nameof(Samples), Samples);
        OptionRules.AtLeast(Algorithm, nameof(BurnIn), BurnIn, 0);
        if (Resampler != Resampler.Multinomial || EssThreshold != 1.0)
            throw new ArgumentOutOfRangeException("options", $"{Algorithm}: conditional SMC resamples multinomially at every step; Resampler must be Multinomial and EssThreshold 1, but they are {Resampler.Name} and {EssThreshold}.");
    }
}

/// <summary>What <see cref="Infer.ParticleGibbs{T}"/> reports after each sweep.</summary>
/// <param name="Iteration">Sweeps done.</param>
/// <param name="Total">Sweeps in all (burn-in and kept).</param>
/// <param name="RenewalRate">The fraction of sweeps so far whose drawn particle was not the reference.</param>
/// <param name="LogEvidence">The sweep's conditional SMC estimate of log Z (biased: a diagnostic only).</param>
public readonly record struct ParticleGibbsProgress(int Iteration, int Total, double RenewalRate, double LogEvidence);
