namespace Probabilistic.Inference.Variational;

/// <summary>
/// AdamW: <see cref="Adam"/> with decoupled weight decay, θ ← θ(1 − α_t λ) before the Adam update instead of an
/// L2 penalty in the gradient (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019,
/// Algorithm 2 with the schedule multiplier folded into α_t, as PyTorch's <c>torch.optim.AdamW</c>).
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>An AdamW optimizer; defaults are PyTorch's (lr 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸, λ = 10⁻²).</summary>
    /// <param name="learningRate">The base rate α (positive).</param>
    /// <param name="beta1">Decay β₁ ∈ [0, 1) of the first-moment estimate.</param>
    /// <param name="beta2">Decay β₂ ∈ [0, 1) of the second-moment estimate.</param>
    /// <param name="epsilon">ε &gt; 0 added to √v̂.</param>
    /// <param name="weightDecay">λ ≥ 0, applied as θ ← θ(1 − α_t λ).</param>
    /// <param name="amsgrad">Use the running maximum of v (AMSGrad).</param>
    /// <param name="maximize">Ascend the gradient given.</param>
    /// <param name="schedule">The learning-rate schedule; null for a constant rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range; the exception names it and its value.</exception>
    public AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false, ILearningRateSchedule? schedule = null)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, schedule, decoupledWeightDecay: true)
    {
    }
}
