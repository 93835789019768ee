using Probabilistic.Inference.Particles;
using System.Globalization;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The variational Rényi bound L_α = 1/(1 − α) · log (1/K) Σₖ (p(x, zₖ)/q(zₖ))^(1−α), zₖ ~ q (Li &amp; Turner 2016,
/// "Rényi divergence variational inference", NeurIPS, eq. 5 and its K-sample estimator §4). Each estimate is the log
/// of the power mean of order 1 − α of the weights, so it is non-increasing in α sample by sample: α = 0 is
/// <see cref="Iwelbo"/>(K), α → 1 the average of the K log weights (the <see cref="Elbo"/> with K particles); for α &lt; 1
/// its expectation is a lower bound on log p(x) that is tight at the exact posterior. Score-function choices use the
/// estimate as their reward with the running baseline. Choices with a branching estimator are valid, as for
/// <see cref="Iwelbo"/>: the estimate is a function of K draws from q (<see cref="ObjectiveContext{TScalar}.BranchTerms"/>).
/// </summary>
/// <param name="Alpha">The order α: finite and ≠ 1. α = 1 is the ELBO, where this formula is 0/0: use <see cref="Elbo"/>.</param>
/// <param name="K">Importance samples per estimate.</param>
public sealed record Renyi(double Alpha, int K) : Objective
{
    /// <summary>The order α (finite, ≠ 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">α = 1 (use <see cref="Elbo"/>) or α is not finite.</exception>
    public double Alpha { get; init; } = Check(Alpha);

    /// <inheritdoc />
    public override string Name => string.Format(CultureInfo.InvariantCulture, "VR(α = {0}, K = {1})", Alpha, K);

    /// <inheritdoc />
    public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Check(Alpha);
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "Renyi: K must be at least 1.");
        var (draws, logW) = ImportanceDraws.Draw(context, K);
        var terms = Array.ConvertAll(logW, w => (1 - Alpha) * w);
        var f = (TScalar.LogSumExp(terms) - Math.Log(K)) / (1 - Alpha);
        var surrogate = f;
        var reward = f.Detach();
        foreach (var d in draws) surrogate += context.ScoreTerms(d, reward);
        double alpha = Alpha;
        surrogate = ImportanceDraws.AddBranchTerms(context, surrogate, draws, logW, w =>
        {
            for (int k = 0; k < w.Length; k++) w[k] *= 1 - alpha;
            return LogWeightStatistics.LogMeanExp(w) / (1 - alpha);
        });
        return (surrogate, f.Value);
    }

    private static double Check(double alpha)
    {
        if (alpha == 1) throw new ArgumentOutOfRangeException(nameof(Alpha), alpha, "Renyi: α = 1 is the ELBO (the limit of the Rényi bound); use Elbo(K) instead.");
        if (!double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(Alpha), alpha, "Renyi: α must be finite.");
        return alpha;
    }
}
