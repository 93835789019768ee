namespace Probabilistic.Inference.Variational;

/// <summary>
/// Linear warm-up: α(t + 1)/W for the first W steps, reaching α at step W − 1, then <see cref="Then"/> from its own
/// step 0 (PyTorch's <c>SequentialLR([LinearLR(start_factor = 1/W, total_iters = W − 1), then], milestones = [W])</c>).
/// </summary>
public sealed record LinearWarmupSchedule : ILearningRateSchedule
{
    /// <summary>A linear warm-up followed by <paramref name="then"/>.</summary>
    /// <param name="warmupSteps">W, the warm-up length (positive).</param>
    /// <param name="then">The schedule after warm-up, started at its step 0 at step W.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupSteps"/> is not positive.</exception>
    public LinearWarmupSchedule(int warmupSteps, ILearningRateSchedule then)
    {
        OptimizerArguments.Require(warmupSteps > 0, nameof(LinearWarmupSchedule), nameof(warmupSteps), warmupSteps, "positive");
        ArgumentNullException.ThrowIfNull(then);
        (WarmupSteps, Then) = (warmupSteps, then);
    }

    /// <summary>W, the warm-up length.</summary>
    public int WarmupSteps { get; }

    /// <summary>The schedule after warm-up.</summary>
    public ILearningRateSchedule Then { get; }

    /// <inheritdoc/>
    public double Rate(int step, double baseRate)
    {
        OptimizerArguments.RequireStep(nameof(LinearWarmupSchedule), step);
        return step < WarmupSteps ? baseRate * (step + 1) / WarmupSteps : Then.Rate(step - WarmupSteps, baseRate);
    }
}
