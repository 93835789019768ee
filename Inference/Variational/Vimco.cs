using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// VIMCO (Mnih &amp; Rezende 2016, "Variational inference for Monte Carlo objectives", ICML, §3): the
/// <see cref="Iwelbo"/>(K) objective L = log (1/K) Σₖ wₖ, wₖ = p(x, zₖ)/q(zₖ), whose score-function choices use
/// per-sample leave-one-out control variates. The reward of sample k is L − L₋ₖ, where L₋ₖ is L with log wₖ replaced by
/// the arithmetic mean of the other K − 1 log weights (their geometric mean in w; eq. 9–10). L₋ₖ does not depend on
/// zₖ, so E[L₋ₖ ∇ log q(zₖ)] = 0 and the estimator stays unbiased for ∇ IWELBO(K); no running baseline is used.
/// Reparameterized choices carry their gradient through L as in <see cref="Iwelbo"/>.
/// </summary>
/// <param name="K">Importance samples per estimate, at least 2 (the leave-one-out needs the others).</param>
public sealed record Vimco(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"VIMCO({K})";

    /// <inheritdoc />
    public override (Real Surrogate, double Value) Estimate(ObjectiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (K < 2) throw new ArgumentOutOfRangeException(nameof(K), K, "Vimco: K must be at least 2 (leave-one-out baselines need other samples); use Iwelbo(1) or Elbo for one.");
        var draws = new GuideDraw[K];
        var logW = new Real[K];
        for (int k = 0; k < K; k++)
        {
            draws[k] = context.Draw();
            logW[k] = context.LogJoint(draws[k]) - draws[k].LogQ;
        }
        var f = RealMath.LogSumExp(logW) - Math.Log(K);
        Real surrogate = f;
        var values = Array.ConvertAll(logW, w => w.Value);
        var replaced = new double[K];
        for (int k = 0; k < K; k++)
        {
            values.CopyTo(replaced, 0);
            double others = 0; // summed without log wₖ, so a zero weight (log wₖ = −∞) leaves the others' mean finite
            for (int j = 0; j < K; j++)
                if (j != k) others += values[j];
            replaced[k] = others / (K - 1);
            double leaveOneOut = LogSumExp(replaced) - Math.Log(K);
            surrogate += context.ScoreTerms(draws[k], f.Value - leaveOneOut, useBaseline: false);
        }
        return (surrogate, f.Value);
    }

    private static double LogSumExp(double[] xs)
    {
        double max = xs.Max();
        if (double.IsNegativeInfinity(max) || double.IsPositiveInfinity(max)) return max;
        double s = 0;
        foreach (var x in xs) s += Math.Exp(x - max);
        return max + Math.Log(s);
    }
}
