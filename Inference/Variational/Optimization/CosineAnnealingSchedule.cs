namespace Probabilistic.Inference.Variational;

/// <summary>
/// Cosine annealing η_min + (α − η_min)(1 + cos(π t / T_max)) / 2 from α at t = 0 to η_min at t = T_max
/// (Loshchilov &amp; Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017, eq. 5 without
/// restarts; the closed form of PyTorch's <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>). As that closed form,
/// it is not clamped after T_max: the rate rises again, back to α at 2T_max (period 2T_max).
/// </summary>
public sealed record CosineAnnealingSchedule : ILearningRateSchedule
{
    /// <summary>A cosine annealing.</summary>
    /// <param name="tMax">T_max, the step at which the rate reaches η_min (positive).</param>
    /// <param name="etaMin">η_min ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public CosineAnnealingSchedule(int tMax, double etaMin)
    {
        OptimizerArguments.Require(tMax > 0, nameof(CosineAnnealingSchedule), nameof(tMax), tMax, "positive");
        OptimizerArguments.RequireNonNegative(nameof(CosineAnnealingSchedule), nameof(etaMin), etaMin);
        (TMax, EtaMin) = (tMax, etaMin);
    }

    /// <summary>T_max.</summary>
    public int TMax { get; }

    /// <summary>η_min.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    public double Rate(int step, double baseRate)
    {
        OptimizerArguments.RequireStep(nameof(CosineAnnealingSchedule), step);
        return EtaMin + (baseRate - EtaMin) * (1 + Math.Cos(Math.PI * step / TMax)) / 2;
    }
}
