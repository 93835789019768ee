using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

public static partial class TensorInfer
{
    extension(Infer)
    {
        /// <summary>
        /// Stochastic variational inference on the tensor backend (Hoffman et al. 2013; Kingma &amp; Welling 2014 for
        /// amortized guides): fits <paramref name="guide"/> to <paramref name="model"/> (observations inside the model).
        /// Each step builds the objective's surrogate with <see cref="TensorObjectiveContext{TModel, TGuide}"/>, calls
        /// <c>backward()</c> on its negation and takes one step of a TorchSharp optimizer; the same loop as the scalar
        /// <c>Infer.Svi</c>, returning the same fit type. Every step's temporaries are released by a dispose scope, so a long
        /// run's memory stays flat. Distribution parameters are checked on the first step only (or on every step with
        /// <see cref="TensorViOptions.CheckArgumentsEveryStep"/>): an explicit option of the step's runs
        /// (<see cref="TensorRunOptions.ValidateParameters"/>), not a global switch.
        /// </summary>
        /// <param name="model">The model, with its observations.</param>
        /// <param name="guide">The guide: a tensor model over the model's latent addresses with learnable parameters.</param>
        /// <param name="options">Steps, seed, objective, optimizer and schedule, device and dtype.</param>
        /// <param name="progress">Receives each step's objective estimate.</param>
        /// <param name="cancellationToken">Cancelling stops after the step in progress and throws an
        /// <see cref="InferenceCanceledException{TResult}"/> whose <c>PartialResult</c> is the fit so far (the rule on <see cref="Infer"/>).</param>
        /// <returns>The fit: parameters and the objective's history (its <see cref="VariationalFit{TParameters}.Diagnostics"/> are not
        /// computed on this backend: <see cref="VariationalDiagnostics.Checked"/> is false).</returns>
        /// <exception cref="ModelException">The guide misses a latent of the model or proposes one it lacks, or the objective is not finite.</exception>
        public static VariationalFit<TensorParameterStore> TensorSvi<TModel, TGuide>(Model<TModel> model, Model<TGuide> guide, TensorViOptions? options = null,
            IProgress<SviProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(guide);
            TorchRuntime.EnsureLoaded();
            var o = options ?? new TensorViOptions();
            if (o.Steps < 0) throw new ArgumentOutOfRangeException(nameof(options), o.Steps, "TensorSvi: Steps must be non-negative.");
            var store = o.Parameters ?? new TensorParameterStore();
            var context = new TensorObjectiveContext<TModel, TGuide>(model, guide, store, o);
            using (var _ = NewDisposeScope())
            {
                // One draw creates every parameter and module before the optimizer collects them.
                using var noGrad = no_grad();
                context.LogJoint(context.Draw());
            }
            var parameters = store.Parameters().ToList();
            using var optimizer = o.Optimizer?.Invoke(parameters) ?? optim.Adam(parameters, lr: 0.01);
            var schedule = o.Schedule?.Invoke(optimizer);
            var history = new List<double>(Math.Min(o.Steps, 1 << 16)); // Steps may be a bound (int.MaxValue with a time limit)
            for (int step = 0; step < o.Steps && !cancellationToken.IsCancellationRequested; step++)
            {
                context.ValidateParameters = step == 0 || o.CheckArgumentsEveryStep;
                using var scope = NewDisposeScope();
                context.NextStep();
                optimizer.zero_grad();
                var (surrogate, value) = o.Objective.EstimateBatch(context);
                context.EndEstimate();
                if (!double.IsFinite(value))
                    throw new ModelException($"TensorSvi: the {o.Objective.Name} estimate is {value:R} at step {step}; the guide proposed a value the model gives no density (check supports), or a parameter diverged.");
                if (surrogate.Tensor is { requires_grad: true } t)
                {
                    (-t.sum()).backward();
                    optimizer.step();
                }
                schedule?.step();
                history.Add(value);
                progress?.Report(new SviProgress(step + 1, o.Steps, value));
            }
            var fit = new VariationalFit<TensorParameterStore>(store, o.Objective.Name, [.. history], new VariationalDiagnostics([], Checked: false));
            // The cancellation rule on Infer: cancelled, the fit so far travels in the exception.
            if (cancellationToken.IsCancellationRequested)
                throw new InferenceCanceledException<VariationalFit<TensorParameterStore>>(
                    $"TensorSvi: cancelled; the exception's PartialResult holds the fit after {history.Count} steps.", fit, cancellationToken);
            return fit;
        }
    }
}
