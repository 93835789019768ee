using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The wake-phase model objective of reweighted wake-sleep (Bornschein &amp; Bengio 2015, "Reweighted wake-sleep",
/// ICLR, §2; Le, Kosiorek, Siddharth, Teh, Wood 2019, "Revisiting reweighted wake-sleep for models with stochastic
/// control flow", UAI, Alg. 1): the <see cref="Iwelbo"/>(K) value log (1/K) Σₖ p_θ(x, zₖ)/q(zₖ), differentiated only
/// with respect to the model's parameters θ. The draws are detached (<see cref="GuideDraw.Detached"/>) and no
/// score-function terms are added, so the guide's parameters get no gradient; since the zₖ do not depend on θ, the
/// gradient Σₖ w̄ₖ ∇_θ log p_θ(x, zₖ) (w̄ the normalized weights) is an unbiased estimate of ∇_θ IWELBO(K).
/// Pair it with <see cref="WakeQ"/> for the guide.
/// </summary>
/// <param name="K">Importance samples per estimate.</param>
public sealed record WakeP(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"WakeP({K})";

    /// <inheritdoc />
    public override (Real Surrogate, double Value) Estimate(ObjectiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "WakeP: K must be at least 1.");
        var logW = new Real[K];
        for (int k = 0; k < K; k++)
        {
            var draw = context.Draw().Detached();
            logW[k] = context.LogJoint(draw) - draw.LogQ;
        }
        var f = RealMath.LogSumExp(logW) - Math.Log(K);
        return (f, f.Value);
    }
}

/// <summary>
/// The wake-phase guide objective of reweighted wake-sleep (Bornschein &amp; Bengio 2015, §2.2 "wake-phase q update";
/// Le et al. 2019, Alg. 1): Σₖ w̄ₖ log q_φ(zₖ) with zₖ ~ q and the self-normalized weights w̄ₖ ∝ p(x, zₖ)/q(zₖ) held
/// constant, and the zₖ held fixed (log q is re-evaluated at detached values with <see cref="ObjectiveContext.LogQAt"/>).
/// Its gradient estimates −∇_φ KL(p(z | x) ‖ q_φ) (consistent as K grows; at q = p(z | x) the weights are equal and
/// the expected gradient is exactly zero, so the exact posterior is a fixed point for every K). The model's parameters
/// get no gradient. The reported value is the IWELBO(K) estimate log (1/K) Σₖ wₖ, to monitor the fit.
/// The guide must be written with <see cref="Guide.FromModel{T}"/> or be an <see cref="AutoNormal"/> (the other
/// autoguides cannot yet score given values).
/// </summary>
/// <param name="K">Importance samples per estimate (K = 1 gives zero gradient: the single normalized weight is 1 and
/// E_q[∇ log q] = 0; use K ≥ 2).</param>
public sealed record WakeQ(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"WakeQ({K})";

    /// <inheritdoc />
    public override (Real Surrogate, double Value) Estimate(ObjectiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "WakeQ: K must be at least 1.");
        var draws = new GuideDraw[K];
        var logW = new double[K];
        for (int k = 0; k < K; k++)
        {
            draws[k] = context.Draw().Detached();
            logW[k] = context.LogJoint(draws[k]).Value - draws[k].LogQ.Value;
        }
        double max = logW.Max();
        if (!double.IsFinite(max)) return (0, double.IsNaN(max) ? double.NaN : max);
        double sum = 0;
        foreach (var l in logW) sum += Math.Exp(l - max);
        Real surrogate = 0;
        for (int k = 0; k < K; k++) surrogate += Math.Exp(logW[k] - max) / sum * context.LogQAt(draws[k]);
        return (surrogate, max + Math.Log(sum) - Math.Log(K));
    }
}

/// <summary>
/// Reweighted wake-sleep in one objective (Bornschein &amp; Bengio 2015; Le et al. 2019, Alg. 1 with the wake-phase
/// φ update): <see cref="WakeP"/> for the model's parameters and <see cref="WakeQ"/> for the guide's, from the same K
/// draws. Its surrogate is log (1/K) Σₖ p_θ(x, zₖ)/q(zₖ) at detached draws (gradient in θ only) plus Σₖ w̄ₖ log q_φ(zₖ)
/// with the normalized weights and the zₖ held fixed (gradient in φ only); a parameter shared by the model and the
/// guide receives both. The reported value is the IWELBO(K) estimate. The guide must be written with
/// <see cref="Guide.FromModel{T}"/> or be an <see cref="AutoNormal"/>.
/// </summary>
/// <param name="K">Importance samples per estimate (at least 2 for the guide to learn, as in <see cref="WakeQ"/>).</param>
public sealed record ReweightedWakeSleep(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"RWS({K})";

    /// <inheritdoc />
    public override (Real Surrogate, double Value) Estimate(ObjectiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "ReweightedWakeSleep: K must be at least 1.");
        var draws = new GuideDraw[K];
        var logW = new Real[K];
        for (int k = 0; k < K; k++)
        {
            draws[k] = context.Draw().Detached();
            logW[k] = context.LogJoint(draws[k]) - draws[k].LogQ;
        }
        var f = RealMath.LogSumExp(logW) - Math.Log(K);
        if (!double.IsFinite(f.Value)) return (f, f.Value);
        Real surrogate = f;
        for (int k = 0; k < K; k++) surrogate += Math.Exp(logW[k].Value - Math.Log(K) - f.Value) * context.LogQAt(draws[k]);
        return (surrogate, f.Value);
    }
}
