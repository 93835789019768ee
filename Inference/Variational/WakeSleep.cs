using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The wake-phase model objective of reweighted wake-sleep (Bornschein &amp; Bengio 2015, "Reweighted wake-sleep",
/// ICLR, §2; Le, Kosiorek, Siddharth, Teh, Wood 2019, "Revisiting reweighted wake-sleep for models with stochastic
/// control flow", UAI, Alg. 1): the <see cref="Iwelbo"/>(K) value log (1/K) Σₖ p_θ(x, zₖ)/q(zₖ), differentiated only
/// with respect to the model's parameters θ. The draws are detached (<see cref="GuideDraw{TScalar}.Detached"/>) and no
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
    public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
    {
        var (_, _, f) = WakeSleepTerms.Draw(context, K, Name);
        return (f, f.Value);
    }
}

/// <summary>
/// The wake-phase guide objective of reweighted wake-sleep (Bornschein &amp; Bengio 2015, §2.2 "wake-phase q update";
/// Le et al. 2019, Alg. 1): Σₖ w̄ₖ log q_φ(zₖ) with zₖ ~ q and the self-normalized weights w̄ₖ ∝ p(x, zₖ)/q(zₖ) held
/// constant, and the zₖ held fixed (log q is re-evaluated at detached values with <see cref="ObjectiveContext{TScalar}.LogQAt"/>).
/// Its gradient estimates −∇_φ KL(p(z | x) ‖ q_φ) (consistent as K grows; at q = p(z | x) the weights are equal and
/// the expected gradient is exactly zero, so the exact posterior is a fixed point for every K). The model's parameters
/// get no gradient. The reported value is the IWELBO(K) estimate log (1/K) Σₖ wₖ, to monitor the fit.
/// The guide must be able to score given values: any guide but <see cref="AutoDelta"/> (a point mass) and a
/// <see cref="Guide.Marginal"/> one.
/// </summary>
/// <param name="K">Importance samples per estimate (K = 1 gives zero gradient: the single normalized weight is 1 and
/// E_q[∇ log q] = 0; use K ≥ 2).</param>
public sealed record WakeQ(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"WakeQ({K})";

    /// <inheritdoc />
    public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
    {
        var (draws, logW, f) = WakeSleepTerms.Draw(context, K, Name);
        // Only values of the log weights enter: the model's parameters get no gradient.
        if (!double.IsFinite(f.Value)) return (TScalar.FromDouble(0), f.Value);
        return (WakeSleepTerms.GuideTerm(context, draws, logW, f, K), f.Value);
    }
}

/// <summary>
/// Reweighted wake-sleep in one objective (Bornschein &amp; Bengio 2015; Le et al. 2019, Alg. 1 with the wake-phase
/// φ update): <see cref="WakeP"/> for the model's parameters and <see cref="WakeQ"/> for the guide's, from the same K
/// draws. Its surrogate is log (1/K) Σₖ p_θ(x, zₖ)/q(zₖ) at detached draws (gradient in θ only) plus Σₖ w̄ₖ log q_φ(zₖ)
/// with the normalized weights and the zₖ held fixed (gradient in φ only); a parameter shared by the model and the
/// guide receives both. The reported value is the IWELBO(K) estimate. The guide must be
/// able to score given values (any guide but <see cref="AutoDelta"/> and a <see cref="Guide.Marginal"/> one).
/// </summary>
/// <param name="K">Importance samples per estimate (at least 2 for the guide to learn, as in <see cref="WakeQ"/>).</param>
public sealed record ReweightedWakeSleep(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"RWS({K})";

    /// <inheritdoc />
    public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
    {
        var (draws, logW, f) = WakeSleepTerms.Draw(context, K, Name);
        if (!double.IsFinite(f.Value)) return (f, f.Value);
        return (f + WakeSleepTerms.GuideTerm(context, draws, logW, f, K), f.Value);
    }
}

/// <summary>The pieces the wake-sleep objectives share: K detached draws with their log weights, and the guide's term.</summary>
// The draws are held fixed in every wake-sleep objective, so a guide choice with a branching estimator (enumeration,
// measure-valued: decompositions of ∇ through the sampling distribution) has nothing to apply to and is rejected.
internal static class WakeSleepTerms
{
    /// <summary>K draws cut from the gradient, log wₖ = log p(x, zₖ) − log q(zₖ) (differentiable through the model's parameters), and log (1/K) Σₖ wₖ.</summary>
    public static (GuideDraw<TScalar>[] Draws, TScalar[] LogW, TScalar LogMeanW) Draw<TScalar>(ObjectiveContext<TScalar> context, int k, string objective)
        where TScalar : IDifferentiableScalar<TScalar>
    {
        ArgumentNullException.ThrowIfNull(context);
        if (k < 1) throw new ArgumentOutOfRangeException("K", k, $"{objective}: K must be at least 1.");
        var draws = new GuideDraw<TScalar>[k];
        var logW = new TScalar[k];
        for (int i = 0; i < k; i++)
        {
            var drawn = context.Draw();
            foreach (var (address, estimator) in context.BranchingChoices(drawn))
                throw new ModelException($"{objective}: the guide's choice '{address}' uses the {estimator} estimator, which does not apply to wake-sleep: its updates differentiate log p and log q at draws held fixed (self-normalized importance weights), never the guide's sampling distribution, which is what a branching estimator decomposes. Use Reinforce or Default for this choice.", address);
            draws[i] = drawn.Detached();
            logW[i] = context.LogJoint(draws[i]) - draws[i].LogQ;
        }
        return (draws, logW, TScalar.LogSumExp(logW) - Math.Log(k));
    }

    /// <summary>Σₖ w̄ₖ log q_φ(zₖ) with the normalized weights w̄ₖ = wₖ / Σ w (detached) and the zₖ fixed.</summary>
    public static TScalar GuideTerm<TScalar>(ObjectiveContext<TScalar> context, GuideDraw<TScalar>[] draws, TScalar[] logW, TScalar logMeanW, int k)
        where TScalar : IDifferentiableScalar<TScalar>
    {
        var term = TScalar.FromDouble(0);
        var norm = logMeanW.Detach() + Math.Log(k);
        for (int i = 0; i < k; i++) term += TScalar.Exp(logW[i].Detach() - norm) * context.LogQAt(draws[i]);
        return term;
    }
}
