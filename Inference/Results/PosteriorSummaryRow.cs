namespace Probabilistic.Inference;

/// <summary>
/// One row of a <see cref="PosteriorSummary"/>: a column's posterior mean, standard deviation and quantiles over all
/// chains, with the Monte Carlo standard errors, bulk and tail effective sample sizes and rank-normalized split R̂ of
/// Vehtari et al. (2021) — the columns of the R package <c>posterior</c>'s <c>summarise_draws</c>.
/// </summary>
/// <param name="Name">The column name (<c>mu</c>, <c>theta[1]</c>).</param>
/// <param name="Mean">The mean of all draws.</param>
/// <param name="Sd">The standard deviation of all draws (denominator n − 1).</param>
/// <param name="Quantiles">The sample quantiles (R's type 7) at the summary's <see cref="PosteriorSummary.Probabilities"/>.</param>
/// <param name="McseMean">The Monte Carlo standard error of the mean.</param>
/// <param name="McseSd">The Monte Carlo standard error of the standard deviation.</param>
/// <param name="EssBulk">The bulk effective sample size.</param>
/// <param name="EssTail">The tail effective sample size.</param>
/// <param name="Rhat">The rank-normalized split R̂.</param>
public sealed record PosteriorSummaryRow(string Name, double Mean, double Sd, IReadOnlyList<double> Quantiles, double McseMean, double McseSd, double EssBulk, double EssTail, double Rhat);
