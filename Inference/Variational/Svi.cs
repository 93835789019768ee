using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;

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
        observations ??= ChoiceMap.Empty;
        var o = options ?? new SviOptions();
        if (o.Steps < 0) throw new ArgumentOutOfRangeException(nameof(options), o.Steps, "Svi: Steps must be non-negative.");
        var store = o.Parameters ?? new ParameterStore();
        var rng = new Rng(o.Seed);
        var tape = new Tape();
        var baselines = new Dictionary<Address, double>();
        string name = o.Objective.Name;
        var scorer = new ModelScorer<T>(model, observations, store, name);
        var context = new TapeObjectiveContext(scorer.LogJoint, guide, store, rng, baselines);
        IOptimizer? optimizer = null;
        var history = new List<double>(o.Steps);
        var monitor = new ConvergenceMonitor(o.Steps);
        // One draw with whole plates creates every parameter (those inside subsampled plates included), so the
        // optimizer's vector keeps one length, and checks that the guide's supports lie in the model's; its own
        // generator leaves the fit's stream as it was.
        scorer.CheckSupports(guide.Sample(store, new Rng(o.Seed, 0x1A)));
        var minibatches = new MinibatchSubsampler(new Rng(o.Seed, 0x5B)); // its own stream: fits without subsampled plates are unchanged
        store.Subsampler = minibatches;
        try
        {
            for (int step = 0; step < o.Steps && !cancellationToken.IsCancellationRequested; step++)
            {
                minibatches.NextStep();
                var (value, gradient) = SviStep.Gradient(o.Objective, context, store, tape, step);
                for (int i = 0; i < gradient.Length; i++) gradient[i] = -gradient[i]; // the optimizer minimizes −objective
                optimizer ??= o.Optimizer?.Invoke() ?? new Adam(learningRate: 0.01);
                var theta = store.Unconstrained;
                optimizer.Step(theta, gradient);
                store.SetUnconstrained(theta);
                history.Add(value);
                monitor.After(step, store);
                progress?.Report(new SviProgress(step + 1, o.Steps, value));
            }
        }
        finally
        {
            store.Subsampler = null; // posterior draws and later runs see whole plates
        }
        return CancellationRule.Finish(new VariationalFit(guide, store, name, [.. history], monitor.Diagnose(store, name, history)),
            cancellationToken, "Svi", $"the fit after {history.Count} steps");
    }
}
