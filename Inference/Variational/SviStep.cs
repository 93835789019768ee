using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>One step's gradient of the SVI loop (<c>Infer.Svi</c>), shared with the tests that check estimators' gradients.</summary>
internal static class SviStep
{
    /// <summary>One estimate of the objective and of its gradient with respect to the store's unconstrained parameters.</summary>
    internal static (double Value, double[] Gradient) Gradient(Objective objective, ObjectiveContext<Real> context, ParameterStore store, Tape tape, int step)
    {
        tape.Clear();
        store.BeginGradient(tape);
        var (surrogate, value) = objective.EstimateBatch(context);
        context.EndEstimate();
        if (!double.IsFinite(value))
            throw new ModelException($"Svi: the {objective.Name} estimate is {value:R} at step {step}; the guide proposed a value the model gives no density (check supports), or a parameter diverged.");
        if (surrogate.Tape is not null) tape.Gradient(surrogate);
        var gradient = new double[store.Dimension];
        store.EndGradient(gradient);
        return (value, gradient);
    }
}
