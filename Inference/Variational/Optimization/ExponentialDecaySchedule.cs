namespace Probabilistic.Inference.Variational;

/// <summary>Exponential decay α·γᵗ (PyTorch's <c>torch.optim.lr_scheduler.ExponentialLR</c>).</summary>
public sealed record ExponentialDecaySchedule : ILearningRateSchedule
{
    /// <summary>An exponential decay.</summary>
    /// <param name="gamma">The factor γ ∈ (0, 1] per step.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is out of its range.</exception>
    public ExponentialDecaySchedule(double gamma)
    {
        OptimizerArguments.Require(gamma > 0 && gamma <= 1, nameof(ExponentialDecaySchedule), nameof(gamma), gamma, "in (0, 1]");
        Gamma = gamma;
    }

    /// <summary>The factor γ per step.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double Rate(int step, double baseRate)
    {
        OptimizerArguments.RequireStep(nameof(ExponentialDecaySchedule), step);
        return baseRate * Math.Pow(Gamma, step);
    }
}
