using System.Globalization;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

/// <summary>
/// The convergence warnings of a summary table, with the thresholds of Vehtari et al. (2021, "Rank-normalization,
/// folding, and localization", §4): R̂ above 1.01, and bulk or tail ESS below 100 per chain.
/// </summary>
public static class SummaryWarnings
{
    /// <summary>The R̂ above which a column is flagged (1.01).</summary>
    public const double RhatThreshold = 1.01;

    /// <summary>The bulk or tail ESS per chain below which a column is flagged (100).</summary>
    public const double EssPerChainThreshold = 100;

    /// <summary>One warning per problem in <paramref name="summary"/> of draws from <paramref name="chains"/> chains.</summary>
    public static IReadOnlyList<string> For(PosteriorSummary summary, int chains)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        var warnings = new List<string>();
        var highRhat = summary.Rows.Where(r => r.Rhat > RhatThreshold).ToArray();
        if (highRhat.Length > 0)
            warnings.Add($"R-hat above {RhatThreshold.ToString(CultureInfo.InvariantCulture)} for {string.Join(", ", highRhat.Select(r => $"{r.Name} ({r.Rhat.ToString("F3", CultureInfo.InvariantCulture)})"))}: the chains have not mixed.");
        double minimum = EssPerChainThreshold * chains;
        var lowEss = summary.Rows.Where(r => r.EssBulk < minimum || r.EssTail < minimum).ToArray();
        if (lowEss.Length > 0)
            warnings.Add($"Bulk or tail ESS below {minimum.ToString(CultureInfo.InvariantCulture)} ({EssPerChainThreshold.ToString(CultureInfo.InvariantCulture)} per chain) for {string.Join(", ", lowEss.Select(r => r.Name))}: the quantiles and their MCSEs are unreliable.");
        return warnings;
    }
}
