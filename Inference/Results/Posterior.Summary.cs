using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Inference;

public sealed partial class Posterior
{
    /// <summary>The default probabilities of the summary's quantile columns, those of CmdStan's <c>stansummary</c>.</summary>
    public static IReadOnlyList<double> DefaultQuantiles { get; } = [0.05, 0.5, 0.95];

    /// <summary>
    /// The summary table: per column, mean, sd, the sample quantiles (R's type 7) at <paramref name="quantiles"/>
    /// (0.05, 0.5, 0.95 when none are given), MCSE of mean and sd, bulk and tail ESS and rank-normalized split R̂, all
    /// computed by <see cref="ConvergenceDiagnostics"/> over every chain. For independent draws
    /// (<see cref="IndependentDraws"/> not null: variational inference, importance sampling) R̂ is NA and both ESS columns
    /// give the Pareto-smoothed importance-sampling ESS of the draws as posterior draws (NA when k̂ was not computed),
    /// since the ESS of draws from an approximation says nothing about the posterior.
    /// </summary>
    public PosteriorSummary Summary(params double[] quantiles)
    {
        var probabilities = quantiles is null || quantiles.Length == 0 ? DefaultQuantiles.ToArray() : (double[])quantiles.Clone();
        foreach (var p in probabilities)
            if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(quantiles), p, "Posterior.Summary: a quantile's probability must be in [0, 1].");
        var rows = new PosteriorSummaryRow[_columns.Length];
        var independent = _independentDraws;
        for (int k = 0; k < rows.Length; k++)
        {
            var chains = _values[k];
            var sorted = Pool(k);
            Array.Sort(sorted);
            double mean = sorted.Average();
            double sd = Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) / (sorted.Length - 1));
            rows[k] = new PosteriorSummaryRow(
                _columns[k].Name, mean, sd,
                probabilities.Select(p => DrawMatrix.Quantile(sorted, p)).ToArray(),
                ConvergenceDiagnostics.McseMean(chains), ConvergenceDiagnostics.McseSd(chains),
                independent is null ? ConvergenceDiagnostics.EssBulk(chains) : independent.EffectiveSampleSize,
                independent is null ? ConvergenceDiagnostics.EssTail(chains) : independent.EffectiveSampleSize,
                independent is null ? ConvergenceDiagnostics.Rhat(chains) : double.NaN);
        }
        return new PosteriorSummary(rows, probabilities) { IndependentDraws = independent };
    }
}
