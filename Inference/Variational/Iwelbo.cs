using Probabilistic.Inference.Particles;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The importance-weighted bound E[log (1/K) Σₖ p(x, zₖ)/q(zₖ)], tighter than the ELBO and increasing in K
/// (Burda, Grosse, Salakhutdinov 2016). Score-function choices use the whole estimate as their reward. Choices with a
/// branching estimator (<see cref="GradientEstimator.Enumeration"/>, <see cref="GradientEstimator.MeasureValued"/>) are
/// valid: the estimate is a function of K draws from q, so E_q[F] can be decomposed over any one choice of any one draw
/// (<see cref="ObjectiveContext{TScalar}.BranchTerms"/>), each branch re-evaluating F with that draw's log weight replaced.
/// </summary>
/// <param name="K">Importance samples per estimate.</param>
public sealed record Iwelbo(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"IWELBO({K})";

    /// <inheritdoc />
    public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "Iwelbo: K must be at least 1.");
        var (draws, logW) = ImportanceDraws.Draw(context, K);
        var f = TScalar.LogSumExp(logW) - Math.Log(K);
        var surrogate = f;
        var reward = f.Detach();
        foreach (var d in draws) surrogate += context.ScoreTerms(d, reward);
        surrogate = ImportanceDraws.AddBranchTerms(context, surrogate, draws, logW, w => LogWeightStatistics.LogMeanExp(w));
        return (surrogate, f.Value);
    }
}
