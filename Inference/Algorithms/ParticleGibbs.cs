using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Particle Gibbs: iterated conditional SMC (Andrieu, Doucet &amp; Holenstein, "Particle Markov chain Monte
    /// Carlo methods", JRSS B 2010, §2.4.3). Each sweep runs a bootstrap particle filter in which particle 0 follows
    /// the reference trajectory x* (<see cref="Population{T}.Condition"/>: its choices are forced to x*'s values, it is
    /// never resampled away, and the other N − 1 ancestors are drawn multinomially from all N particles at every
    /// step); at the end one particle k is drawn with probability w_T^k / Σ_j w_T^j and its choices (a persistent
    /// history shared along its genealogy) become the next reference. This kernel leaves p(x | y) invariant
    /// (ibid., Thm 5). The first reference comes from an unconditional SMC run, drawn the same way. Every kept
    /// reference is rebuilt as a trace with <c>Generate</c>, all its choices constrained.
    /// The result's acceptance rate is the fraction of sweeps whose drawn particle was not the reference.
    /// </summary>
    public static MhChain<T> ParticleGibbs<T>(Model<T> model, ParticleGibbsOptions? options = null,
        IProgress<ParticleGibbsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new ParticleGibbsOptions();
        if (o.Samples <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Samples, "ParticleGibbs: Samples must be positive.");
        if (o.BurnIn < 0) throw new ArgumentOutOfRangeException(nameof(options), o.BurnIn, "ParticleGibbs: BurnIn must be non-negative.");
        if (o.Particles < 2) throw new ArgumentOutOfRangeException(nameof(options), o.Particles, "ParticleGibbs: Particles must be at least 2 (one is the reference).");
        var rng = new Rng(o.Seed);

        var first = Population<T>.Spawn(model, o.Particles, rng.NextULong()).RecordChoices();
        first.MaxDegreeOfParallelism = 1;
        first.Algorithm = "ParticleGibbs (initial SMC run)";
        if (!first.Filter(Resampler.Multinomial, 1.0, cancellationToken)) throw first.AllImpossible();
        var reference = first.Choices(first.Draw(rng));

        int total = o.BurnIn + o.Samples, renewed = 0;
        var kept = new List<Trace<T>>(o.Samples);
        for (int it = 1; it <= total; it++)
        {
            var sweep = Population<T>.Spawn(model, o.Particles, rng.NextULong()).Condition(reference);
            sweep.MaxDegreeOfParallelism = 1;
            sweep.Algorithm = "ParticleGibbs";
            sweep.Filter(Resampler.Multinomial, 1.0, cancellationToken);
            int k = sweep.Draw(rng);
            if (k != 0) renewed++;
            reference = sweep.Choices(k);
            if (it > o.BurnIn) kept.Add(model.Generate(reference, rng).Trace);
            progress?.Report(new ParticleGibbsProgress(it, total, (double)renewed / it, sweep.LogEvidence));
        }
        return new MhChain<T>(kept, (double)renewed / total);
    }
}
