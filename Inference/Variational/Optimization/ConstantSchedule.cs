namespace Probabilistic.Inference.Variational;

/// <summary>The base rate at every step (PyTorch: no scheduler).</summary>
public sealed record ConstantSchedule : ILearningRateSchedule
{
    /// <summary>The one instance.</summary>
    public static ConstantSchedule Instance { get; } = new();

    private ConstantSchedule()
    {
    }

    /// <inheritdoc/>
    public double Rate(int step, double baseRate)
    {
        OptimizerArguments.RequireStep(nameof(ConstantSchedule), step);
        return baseRate;
    }
}
