using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// The relative efficiency r_eff = ESS / S of the likelihood values exp(log p(yᵢ | θ⁽ˢ⁾)) of one observation over S
/// Markov-chain draws, which sets the PSIS tail length (Vehtari, Gelman and Gabry 2017, "Practical Bayesian model
/// evaluation using leave-one-out cross-validation and WAIC", Statistics and Computing 27, section 3.1): the ESS is the
/// multi-chain estimate with Geyer's initial positive and monotone sequences and no chain splitting (Vehtari et al. 2021, eqs. 10–13), as R loo 2.5.1's
/// <c>relative_eff</c> computes it (checked against it by the tests).
/// </summary>
public static class RelativeEfficiency
{
    /// <summary>r_eff of one observation from its log-likelihood per chain [chain][draw]; 1 where the ESS is not defined (fewer than 3 draws per chain, constant values).</summary>
    public static double Of(double[][] logLikelihoodChains)
    {
        ArgumentNullException.ThrowIfNull(logLikelihoodChains);
        int m = logLikelihoodChains.Length;
        if (m == 0) throw new ArgumentException("RelativeEfficiency: there are no chains.", nameof(logLikelihoodChains));
        int n = logLikelihoodChains[0].Length;
        var chains = new double[m][];
        for (int c = 0; c < m; c++)
        {
            if (logLikelihoodChains[c] is null || logLikelihoodChains[c].Length != n)
                throw new ArgumentException($"RelativeEfficiency: chain {c} has {logLikelihoodChains[c]?.Length ?? 0} draws but chain 0 has {n}.", nameof(logLikelihoodChains));
            chains[c] = logLikelihoodChains[c].Select(Math.Exp).ToArray();
        }
        // loo 2.5.1's ess_rfun is posterior's ESS on the chains as given (no splitting, no rank normalization).
        double ess = EffectiveSampleSize.Of(chains);
        return double.IsNaN(ess) ? 1 : ess / (m * (double)n);
    }
}
