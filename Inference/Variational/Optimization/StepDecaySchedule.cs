namespace Probabilistic.Inference.Variational;

/// <summary>
/// Step decay α·γ^⌊t / stepSize⌋: the rate is multiplied by γ every <see cref="StepSize"/> steps
/// (PyTorch's <c>torch.optim.lr_scheduler.StepLR</c>).
/// </summary>
public sealed record StepDecaySchedule : ILearningRateSchedule
{
    /// <summary>A step decay.</summary>
    /// <param name="stepSize">Steps between decays (positive).</param>
    /// <param name="gamma">The factor γ ∈ (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public StepDecaySchedule(int stepSize, double gamma)
    {
        OptimizerArguments.Require(stepSize > 0, nameof(StepDecaySchedule), nameof(stepSize), stepSize, "positive");
        OptimizerArguments.Require(gamma > 0 && gamma <= 1, nameof(StepDecaySchedule), nameof(gamma), gamma, "in (0, 1]");
        (StepSize, Gamma) = (stepSize, gamma);
    }

    /// <summary>Steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double Rate(int step, double baseRate)
    {
        OptimizerArguments.RequireStep(nameof(StepDecaySchedule), step);
        return baseRate * Math.Pow(Gamma, step / StepSize);
    }
}
