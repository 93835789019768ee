using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/>: the shared particle settings and the number of islands.</summary>
public sealed record SmcOptions : ParticleOptions
{
    /// <summary>
    /// Number of islands B (1 by default): with B &gt; 1 the N particles run as B independent filters of N/B particles
    /// (B must divide N), whose evidence estimates Ẑ_b are averaged — still unbiased — and whose spread gives a standard
    /// error of log Ẑ that is valid for every resampling scheme (<see cref="Particles.LogEvidenceErrorKind.Islands"/>;
    /// Vergé, Dubarry, Del Moral &amp; Moulines, "On parallel implementation of sequential Monte Carlo methods: the
    /// island particle model", Statistics and Computing 25, 2015). Use it for a calibrated error with systematic
    /// resampling; B of 10 to 30 islands of at least a few dozen particles each.
    /// </summary>
    public int Islands { get; init; } = 1;

    internal override string Algorithm => "Smc";

    private protected override void ValidateOwn()
    {
        OptionRules.AtLeast(Algorithm, nameof(Islands), Islands);
        if (Particles % Islands != 0 || Particles / Islands < 2)
            throw new ArgumentOutOfRangeException("options", Islands,
                $"Smc: Islands ({Islands}) must divide Particles ({Particles}) into islands of at least 2 particles.");
    }
}

/// <summary>What a particle algorithm reports after each step.</summary>
/// <param name="Step">Steps done (observations or factors passed).</param>
/// <param name="EffectiveSampleSize">
/// Kish's ESS of the weights after this step's scores and before this step's resampling (when it resamples):
/// a collapse shows here at the step it happens. A step that passes no score (the run to the end after the last
/// observation) reports the weights it inherited, which are all equal (ESS = N) when the step before resampled;
/// <see cref="WeightedSample{T}.EffectiveSampleSizeBeforeResampling"/> keeps the ESS at the last resampling.
/// </param>
/// <param name="LogEvidence">The log-evidence estimate so far.</param>
/// <param name="Resampled">Whether the population was resampled in this step.</param>
public readonly record struct SmcProgress(int Step, double EffectiveSampleSize, double LogEvidence, bool Resampled);
