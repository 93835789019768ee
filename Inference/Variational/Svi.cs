using Probabilistic.Inference.Variational;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Stochastic variational inference (Hoffman, Blei, Wang, Paisley 2013; Ranganath et al. 2014; Kucukelbir et al. 2017):
    /// at each step, an unbiased estimate of the objective's gradient with respect to every parameter of the guide and
    /// the model (the surrogate's tape gradient), then one optimizer step on the unconstrained parameters. The fit records
    /// the parameters along the way and says in <see cref="VariationalFit{TParameters}.Diagnostics"/> whether one drifted without
    /// converging or the objective was still rising.
    /// Fits <paramref name="guide"/> to <paramref name="model"/> conditioned on <paramref name="observations"/>.
    /// A <c>[Compiled]</c> model with an autoguide over its latents is scored through its generated log density
    /// (<see cref="VariationalFit.GeneratedDensity"/>; <see cref="SviOptions.Interpreted"/> forces the interpreter);
    /// <see cref="SviRun"/> runs the same loop in segments, with checkpoints and resume.
    /// </summary>
    /// <remarks>Cancelling <paramref name="cancellationToken"/> stops after the step in progress and throws an
    /// <see cref="InferenceCanceledException{TResult}"/> whose <c>PartialResult</c> is the fit so far (its
    /// <see cref="VariationalFit{TParameters}.History"/> as long as the steps done; cancelled before its first step, the initial
    /// parameters): the cancellation rule on <see cref="Infer"/>.</remarks>
    /// <exception cref="ModelException">The guide misses a latent choice of the model or proposes one the model lacks
    /// (named), a guide choice's support is not within the model's there (named, with both supports; checked before the
    /// first step), an estimator does not apply to a choice, or the objective is not finite at a step.</exception>
    public static VariationalFit Svi<T>(Model<T> model, Guide guide, ChoiceMap? observations = null, SviOptions? options = null,
        IProgress<SviProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(guide);
        var o = options ?? new SviOptions();
        if (o.Steps < 0) throw new ArgumentOutOfRangeException(nameof(options), o.Steps, "Svi: Steps must be non-negative.");
        var run = SviRun.Create(model, guide, observations, o, o.Parameters ?? new ParameterStore());
        run.Advance(o.Steps, progress, cancellationToken);
        return CancellationRule.Finish(run.FitOnStore(), cancellationToken, "Svi", $"the fit after {run.Step} steps");
    }
}
