namespace Probabilistic.Inference.Variational;

/// <summary>
/// The learning-rate schedules, as the closed forms of PyTorch's <c>torch.optim.lr_scheduler</c> classes
/// (<c>StepLR</c>, <c>ExponentialLR</c>, <c>CosineAnnealingLR</c>, <c>LinearLR</c> followed by another through
/// <c>SequentialLR</c>). Step t counts from 0, the optimizer's first step.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The base rate at every step.</summary>
    public static ILearningRateSchedule Constant() => ConstantSchedule.Instance;

    /// <summary>α·γ^⌊t / stepSize⌋ (PyTorch's <c>StepLR(step_size, gamma)</c>).</summary>
    public static ILearningRateSchedule StepDecay(int stepSize, double gamma = 0.1) => new StepDecaySchedule(stepSize, gamma);

    /// <summary>α·γᵗ (PyTorch's <c>ExponentialLR(gamma)</c>).</summary>
    public static ILearningRateSchedule ExponentialDecay(double gamma) => new ExponentialDecaySchedule(gamma);

    /// <summary>η_min + (α − η_min)(1 + cos(π t / T_max)) / 2 (PyTorch's <c>CosineAnnealingLR(T_max, eta_min)</c>).</summary>
    public static ILearningRateSchedule CosineAnnealing(int tMax, double etaMin = 0) => new CosineAnnealingSchedule(tMax, etaMin);

    /// <summary>α(t + 1)/W for t &lt; W, then <paramref name="then"/> from its own step 0 (constant when null).</summary>
    public static ILearningRateSchedule LinearWarmup(int warmupSteps, ILearningRateSchedule? then = null) =>
        new LinearWarmupSchedule(warmupSteps, then ?? ConstantSchedule.Instance);
}
