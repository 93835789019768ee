namespace Probabilistic.Inference.Diagnostics;

/// <summary>
/// The multi-chain effective sample size of Vehtari et al. (2021), Bayesian Analysis 16(2), section 3.2 (eqs. 10–13),
/// as posterior's <c>.ess</c> computes it: autocorrelations ρ̂ₜ = 1 − (W − mean over chains of γ̂ₜ) / var̂⁺ combine the
/// within-chain autocovariances γ̂ₜ and the between-chain variance; they are truncated by Geyer's (1992) initial
/// positive sequence, made monotone by his initial monotone sequence, and τ̂ = −1 + 2 Σₜ₌₀^{K−1} ρ̂ₜ + ρ̂_K
/// (the last even lag counted once, which reduces variance for antithetic chains), bounded below by 1 / log₁₀(MN).
/// The result is MN / τ̂ for M chains of N draws.
/// </summary>
internal static class EffectiveSampleSize
{
    /// <summary>The ESS of the chains as given (no splitting, no transformation); NaN when degenerate or shorter than 3 draws.</summary>
    public static double Of(double[][] chains)
    {
        int m = chains.Length, n = chains[0].Length;
        if (n < 3 || DrawMatrix.IsDegenerate(chains)) return double.NaN;
        var acovMean = new double[n];
        var chainMeans = new double[m];
        for (int c = 0; c < m; c++)
        {
            var acov = Autocovariance.Of(chains[c]);
            for (int t = 0; t < n; t++) acovMean[t] += acov[t] / m;
            chainMeans[c] = DrawMatrix.Mean(chains[c]);
        }
        double meanVar = acovMean[0] * n / (n - 1);
        double varPlus = meanVar * (n - 1) / n;
        if (m > 1) varPlus += DrawMatrix.Variance(chainMeans);

        // Geyer's initial positive sequence: sums of adjacent pairs Γₖ = ρ̂₂ₖ + ρ̂₂ₖ₊₁ while they are positive.
        var rho = new double[n];
        rho[0] = 1;
        double rhoEven = 1, rhoOdd = 1 - (meanVar - acovMean[1]) / varPlus;
        rho[1] = rhoOdd;
        int t0 = 0;
        while (t0 < n - 5 && !double.IsNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0)
        {
            t0 += 2;
            rhoEven = 1 - (meanVar - acovMean[t0]) / varPlus;
            rhoOdd = 1 - (meanVar - acovMean[t0 + 1]) / varPlus;
            if (rhoEven + rhoOdd >= 0)
            {
                rho[t0] = rhoEven;
                rho[t0 + 1] = rhoOdd;
            }
        }
        int maxT = t0;
        if (rhoEven > 0) rho[maxT] = rhoEven;

        // Geyer's initial monotone sequence: no pair sum exceeds the one before it.
        for (int t = 2; t <= maxT - 2; t += 2)
        {
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1])
            {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }

        double total = (double)m * n;
        // posterior sums ρ̂ over lags 0 … maxT − 1, which for maxT = 0 is R's rho[1:0], i.e. ρ̂₀ alone.
        double sum = rho[0];
        for (int t = 1; t < maxT; t++) sum += rho[t];
        double tau = -1 + 2 * sum + rho[maxT];
        tau = Math.Max(tau, 1 / Math.Log10(total));
        return total / tau;
    }
}
