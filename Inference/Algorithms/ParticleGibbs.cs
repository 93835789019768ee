using Probabilistic.Inference.Particles;
using Probabilistic.Inference.Traced;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Particle Gibbs: iterated conditional SMC (Andrieu, Doucet &amp; Holenstein, "Particle Markov chain Monte
    /// Carlo methods", JRSS B 2010, §2.4.3). Each sweep runs a filter whose particle 0 follows the reference trajectory x*
    /// (<see cref="Stepper.Conditional"/>: its choices are forced to x*'s values, it is never resampled away, and the
    /// other N − 1 ancestors are drawn multinomially from all N particles at every step); at the end one particle k is
    /// drawn with probability w_T^k / Σ_j w_T^j and its choices (a persistent history shared along its genealogy) become
    /// the next reference. This kernel leaves p(x | y) invariant (ibid., Thm 5). The first reference comes from an
    /// unconditional SMC run, drawn the same way. Every kept reference is rebuilt as a trace with <c>Generate</c>, all its
    /// choices constrained. The result's acceptance rate is the fraction of sweeps whose drawn particle was not the reference.
    /// A model with a compiled twin (<see cref="Compilation.CompiledAttribute"/>) runs the sweeps on the twin's particle
    /// program (the reference replayed by slot, the particles' paths kept as typed cons lists: the same chain for the same
    /// seed) unless <see cref="ParticleOptions.Interpreted"/> is set.
    /// </summary>
    public static MhChain<T> ParticleGibbs<T>(Model<T> model, ParticleGibbsOptions? options = null,
        IProgress<ParticleGibbsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = OptionRules.Checked(options);
        model = PseudoMarginal.AsRun(model, o);
        var rng = new Rng(o.Seed);
        var first = Compiled.CompiledFilters.Recording(model, null, o, rng.NextULong(), "ParticleGibbs (initial SMC run)");
        if (!first.TrySequentially(o.Resampler, o.EssThreshold, cancellationToken)) throw first.AllImpossible();
        var start = (Reference: first.Choices(first.Draw(rng)), LogEvidence: first.LogEvidence);
        var (kept, renewed, total) = MarkovChain.Run(start, s =>
        {
            var sweep = Compiled.CompiledFilters.Recording(model, s.Reference, o, rng.NextULong());
            if (!sweep.TrySequentially(o.Resampler, o.EssThreshold, cancellationToken)) throw sweep.AllImpossible();
            int k = sweep.Draw(rng);
            return ((sweep.Choices(k), sweep.LogEvidence), k != 0);
        }, s => model.Generate(s.Reference, rng).Trace, o.BurnIn, o.Samples, 1,
            progress is null ? null : (it, total, renewed, s) => progress.Report(new ParticleGibbsProgress(it, total, (double)renewed / it, s.LogEvidence)),
            cancellationToken);
        return new MhChain<T>(kept, (double)renewed / total);
    }
}
