namespace Probabilistic.Inference.Workflow;

/// <summary>
/// The widely applicable information criterion (Watanabe 2010, "Asymptotic equivalence of Bayes cross validation and
/// widely applicable information criterion in singular learning theory", JMLR 11), as Vehtari, Gelman and Gabry (2017),
/// section 2.2, define it: lpdᵢ = log of the mean likelihood of yᵢ over the draws, p_waic,i = the sample variance of
/// log p(yᵢ | θ⁽ˢ⁾), elpd_waic,i = lpdᵢ − p_waic,i. Matches R loo 2.5.1's <c>waic</c> to 1e-6 (the tests). PSIS-LOO
/// (<see cref="Loo"/>) is preferred: it has a diagnostic (k̂) where WAIC fails silently.
/// </summary>
public static class Waic
{
    /// <summary>WAIC from a pointwise log-likelihood (chains pooled).</summary>
    public static WaicResult Compute(PointwiseLogLikelihood logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        return Compute(logLikelihood.Matrix(), logLikelihood.Observations);
    }

    /// <summary>WAIC from a log-likelihood matrix [draw][observation].</summary>
    public static WaicResult Compute(double[][] logLikelihood, IReadOnlyList<string>? observations = null)
    {
        var (s, n) = Loo.Shape(logLikelihood, nameof(Waic));
        var names = Loo.Names(observations, n, nameof(Waic));
        var elpd = new double[n];
        var p = new double[n];
        for (int i = 0; i < n; i++)
        {
            var ll = new double[s];
            for (int d = 0; d < s; d++) ll[d] = logLikelihood[d][i];
            double lpd = Loo.LogSumExp(ll) - Math.Log(s);
            double mean = ll.Average();
            p[i] = ll.Sum(x => (x - mean) * (x - mean)) / (s - 1);
            elpd[i] = lpd - p[i];
        }
        return new WaicResult(names, elpd, p, s);
    }
}

/// <summary>The result of <see cref="Waic.Compute(PointwiseLogLikelihood)"/>: elpd_waic, p_waic and waic with standard errors.</summary>
public sealed class WaicResult : ElpdEstimate
{
    internal WaicResult(string[] observations, double[] elpd, double[] p, int draws) : base("waic", observations, elpd, p, draws) { }

    /// <summary>The pointwise waic values −2·elpd_waic,i.</summary>
    public IReadOnlyList<double> PointwiseInformationCriterion => PointwiseElpd.Select(e => -2 * e).ToArray();

    /// <summary>The observations (by position) with p_waic,i &gt; 0.4, where loo warns that WAIC may be unreliable.</summary>
    public IReadOnlyList<int> HighP => Enumerable.Range(0, PointwiseP.Count).Where(i => PointwiseP[i] > 0.4).ToArray();
}
