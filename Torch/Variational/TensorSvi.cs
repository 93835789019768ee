using Probabilistic.Inference.Variational;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// Stochastic variational inference on the tensor backend (Hoffman et al. 2013; Kingma &amp; Welling 2014 for amortized
/// guides): each step builds the objective's surrogate with <see cref="TensorObjectiveContext{TModel, TGuide}"/>, calls
/// <c>backward()</c> on its negation and takes one step of a TorchSharp optimizer. Every step's temporaries are released
/// by a dispose scope, so a long run's memory stays flat.
/// </summary>
public static class TensorSvi
{
    /// <summary>Fits <paramref name="guide"/> to <paramref name="model"/> (observations inside the model).</summary>
    /// <exception cref="ModelException">The guide misses a latent of the model or proposes one it lacks, or the objective is not finite.</exception>
    public static TensorVariationalFit Fit<TModel, TGuide>(Model<TModel> model, Model<TGuide> guide, TensorViOptions? options = null,
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
        bool validate = TensorDist.ValidateArguments;
        try
        {
            for (int step = 0; step < o.Steps && !cancellationToken.IsCancellationRequested; step++)
            {
                TensorDist.ValidateArguments = validate && (step == 0 || o.CheckArgumentsEveryStep);
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
        }
        finally
        {
            TensorDist.ValidateArguments = validate;
        }
        var fit = new TensorVariationalFit(store, o.Objective.Name, [.. history]);
        // The cancellation rule on Infer: cancelled, the fit so far travels in the exception.
        if (cancellationToken.IsCancellationRequested)
            throw new Probabilistic.Inference.InferenceCanceledException<TensorVariationalFit>(
                $"TensorSvi: cancelled; the exception's PartialResult holds the fit after {history.Count} steps.", fit, cancellationToken);
        return fit;
    }
}

/// <summary>The result of <see cref="TensorSvi.Fit{TModel, TGuide}"/>: the learned parameters and the objective's estimate at each step.</summary>
public sealed class TensorVariationalFit
{
    internal TensorVariationalFit(TensorParameterStore parameters, string objective, double[] history)
    {
        Parameters = parameters;
        Objective = objective;
        History = history;
    }

    /// <summary>The learned tensor parameters and modules.</summary>
    public TensorParameterStore Parameters { get; }

    /// <summary>The objective's name.</summary>
    public string Objective { get; }

    /// <summary>The objective's estimate at each step.</summary>
    public IReadOnlyList<double> History { get; }
}
