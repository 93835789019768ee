namespace Probabilistic.Inference.Variational;

/// <summary>
/// A learning-rate schedule: the rate of step <c>step</c> (0 for an optimizer's first step, its
/// <see cref="IOptimizer.Steps"/> before the step) given the optimizer's base rate, as the closed forms of
/// PyTorch's <c>torch.optim.lr_scheduler</c> with <c>last_epoch = step</c>.
/// Build one with <see cref="LearningRateSchedule"/>.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate (finite, ≥ 0) for step <paramref name="step"/> ≥ 0.</summary>
    double Rate(int step, double baseRate);
}
