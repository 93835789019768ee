using Probabilistic.Inference.Particles;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// VIMCO (Mnih &amp; Rezende 2016, "Variational inference for Monte Carlo objectives", ICML, §3): the
/// <see cref="Iwelbo"/>(K) objective L = log (1/K) Σₖ wₖ, wₖ = p(x, zₖ)/q(zₖ), whose score-function choices use
/// per-sample leave-one-out control variates. The reward of sample k is L − L₋ₖ, where L₋ₖ is L with log wₖ replaced by
/// the arithmetic mean of the other K − 1 log weights (their geometric mean in w; eq. 9–10). L₋ₖ does not depend on
/// zₖ, so E[L₋ₖ ∇ log q(zₖ)] = 0 and the estimator stays unbiased for ∇ IWELBO(K); no running baseline is used.
/// Reparameterized choices carry their gradient through L as in <see cref="Iwelbo"/>. Choices with a branching estimator
/// are valid: VIMCO estimates ∇IWELBO(K), and a branching choice's part of it is <see cref="ObjectiveContext{TScalar}.BranchTerms"/>
/// for L (the leave-one-out rewards only replace the score-function choices' baseline, which the branch terms do not use).
/// </summary>
/// <param name="K">Importance samples per estimate, at least 2 (the leave-one-out needs the others).</param>
public sealed record Vimco(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"VIMCO({K})";

    /// <inheritdoc />
    public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (K < 2) throw new ArgumentOutOfRangeException(nameof(K), K, "Vimco: K must be at least 2 (leave-one-out baselines need other samples); use Iwelbo(1) or Elbo for one.");
        var (draws, logW) = ImportanceDraws.Draw(context, K);
        var f = TScalar.LogSumExp(logW) - Math.Log(K);
        var surrogate = f;
        var reward = f.Detach();
        var values = Array.ConvertAll(logW, w => w.Detach());
        var replaced = new TScalar[K];
        for (int k = 0; k < K; k++)
        {
            values.CopyTo(replaced, 0);
            var others = TScalar.FromDouble(0); // summed without log wₖ, so a zero weight (log wₖ = −∞) leaves the others' mean finite
            for (int j = 0; j < K; j++)
                if (j != k) others += values[j];
            replaced[k] = others / (K - 1);
            var leaveOneOut = TScalar.LogSumExp(replaced) - Math.Log(K);
            surrogate += context.ScoreTerms(draws[k], reward - leaveOneOut, useBaseline: false);
        }
        surrogate = ImportanceDraws.AddBranchTerms(context, surrogate, draws, logW, w => LogWeightStatistics.LogMeanExp(w));
        return (surrogate, f.Value);
    }
}
