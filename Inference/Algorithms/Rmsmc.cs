using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Resample-move SMC (Gilks &amp; Berzuini, "Following a moving target — Monte Carlo inference for dynamic
    /// Bayesian models", JRSS B 2001; monad-bayes' <c>rmsmc</c>, Ścibior, Kammar &amp; Ghahramani ICFP 2018): the
    /// particle filter of <see cref="Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/> with
    /// particles that record their choices, where after each resampling every particle is rejuvenated by
    /// <see cref="RmsmcOptions.MoveSteps"/> single-site MH steps on the program run so far
    /// (<see cref="Population{T}.Rejuvenate"/>), which restores the diversity resampling removed without changing the
    /// weights. Ẑ stays unbiased for the evidence.
    /// </summary>
    public static WeightedSample<T> Rmsmc<T>(Model<T> model, RmsmcOptions? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = OptionRules.Checked(options);
        return Population<T>.Spawn(model, o, Stepper.Bootstrap.Recording())
            .Sequentially(o.Resampler, o.EssThreshold, p => p.Rejuvenate(o.MoveSteps), progress, cancellationToken)
            .Collapse();
    }
}
