using Probabilistic.Inference.Particles;
using Probabilistic.Inference.Traced;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Resample-move SMC (Gilks &amp; Berzuini, "Following a moving target — Monte Carlo inference for dynamic
    /// Bayesian models", JRSS B 2001; monad-bayes' <c>rmsmc</c>, Ścibior, Kammar &amp; Ghahramani ICFP 2018): the
    /// particle filter of <see cref="Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/> with
    /// particles that record their choices, where after each resampling every particle is rejuvenated by
    /// <see cref="RmsmcOptions.MoveSteps"/> single-site MH steps on the program run so far
    /// (<see cref="Population{T}.Rejuvenate(int)"/>), which restores the diversity resampling removed without changing the
    /// weights. Ẑ stays unbiased for the evidence.
    /// A model with a compiled twin (<see cref="Compilation.CompiledAttribute"/>) runs on the twin's particle program
    /// (<see cref="Compiled.CompiledRmsmc{T}"/>: partial traces with per-choice log densities, each move a replay of the
    /// program from its start; the same particles, weights and evidence for the same seed) unless
    /// <see cref="ParticleOptions.Interpreted"/> is set.
    /// </summary>
    public static WeightedSample<T> Rmsmc<T>(Model<T> model, RmsmcOptions? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = OptionRules.Checked(options);
        if (Compiled.CompiledRmsmc<T>.TryRun(model, o, progress, cancellationToken) is { } compiled) return compiled;
        return Population<T>.Spawn(model, o, Stepper.Bootstrap.Recording())
            .Sequentially(o.Resampler, o.EssThreshold, p => p.Rejuvenate(o.MoveSteps), progress, cancellationToken)
            .Collapse();
    }

    /// <summary>
    /// Resample-move SMC with a user MCMC kernel as the move: after each resampling at step s, every particle's partial
    /// trace is moved by <see cref="RmsmcOptions.MoveSteps"/> applications of <paramref name="kernel"/> as a trace of
    /// the intermediate target p_s, the model up to its s-th score (Del Moral, Doucet &amp; Jasra, JRSS B 2006, §3;
    /// <see cref="Population{T}.Rejuvenate(Kernel{T}, int)"/>). The kernel sees only the generative function interface
    /// of a model view that stops at that score, so any kernel invariant for its model's posterior (<see cref="Kernels"/>)
    /// leaves p_s invariant and the weights unchanged; Ẑ stays unbiased for the evidence.
    /// </summary>
    public static WeightedSample<T> Rmsmc<T>(Model<T> model, Kernel<T> kernel, RmsmcOptions? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(kernel);
        var o = OptionRules.Checked(options);
        return Population<T>.Spawn(model, o, Stepper.Bootstrap.Recording())
            .Sequentially(o.Resampler, o.EssThreshold, p => p.Rejuvenate(kernel, o.MoveSteps), progress, cancellationToken)
            .Collapse();
    }
}
