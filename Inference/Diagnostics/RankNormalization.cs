using MathNet.Numerics.Distributions;

namespace Probabilistic.Inference.Diagnostics;

/// <summary>
/// The rank-normalization of Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021), "Rank-normalization,
/// folding, and localization: an improved R̂ for assessing convergence of MCMC", Bayesian Analysis 16(2),
/// eq. (14): each draw is replaced by Φ⁻¹((r − 3/8) / (S − 2·3/8 + 1)), where r is its rank among all
/// S draws of all chains (ties get their average rank), as posterior's <c>z_scale</c> does.
/// </summary>
internal static class RankNormalization
{
    /// <summary>The fractional offset 3/8 (Blom 1958).</summary>
    private const double Offset = 3.0 / 8.0;

    /// <summary>The normal scores of the draws' pooled ranks, in the same [chain][draw] layout.</summary>
    public static double[][] NormalScores(double[][] chains)
    {
        var ranks = AverageRanks(DrawMatrix.Pool(chains));
        int s = ranks.Length, n = chains[0].Length;
        var z = new double[chains.Length][];
        for (int c = 0; c < chains.Length; c++)
        {
            z[c] = new double[n];
            for (int i = 0; i < n; i++) z[c][i] = Normal.InvCDF(0, 1, (ranks[c * n + i] - Offset) / (s - 2 * Offset + 1));
        }
        return z;
    }

    /// <summary>1-based ranks, tied values sharing the mean of their ranks (R's <c>rank(ties.method = "average")</c>).</summary>
    public static double[] AverageRanks(double[] x)
    {
        var order = new int[x.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = (double[])x.Clone();
        Array.Sort(keys, order);
        var ranks = new double[x.Length];
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            double rank = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
        return ranks;
    }
}
