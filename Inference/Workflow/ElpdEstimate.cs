using System.Globalization;
using System.Text;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// An estimate of the expected log pointwise predictive density of new data (elpd) from pointwise values: the totals of
/// elpd, of the effective number of parameters p and of the information criterion −2·elpd, each with its standard error
/// √(n · var(pointwise values)) (Vehtari, Gelman and Gabry 2017, section 2.3). <see cref="LooResult"/> and
/// <see cref="WaicResult"/> are the two kinds; <see cref="Compare"/> ranks models by either.
/// </summary>
public abstract class ElpdEstimate
{
    private readonly string[] _observations;
    private readonly double[] _elpd;
    private readonly double[] _p;

    private protected ElpdEstimate(string criterion, string[] observations, double[] elpd, double[] p, int draws)
    {
        Criterion = criterion;
        _observations = observations;
        _elpd = elpd;
        _p = p;
        Draws = draws;
        Elpd = elpd.Sum();
        ElpdStandardError = StandardError(elpd);
        P = p.Sum();
        PStandardError = StandardError(p);
        InformationCriterion = -2 * Elpd;
        InformationCriterionStandardError = 2 * ElpdStandardError;
    }

    /// <summary><c>loo</c> or <c>waic</c>.</summary>
    public string Criterion { get; }

    /// <summary>The observations' names, in the order of the pointwise values.</summary>
    public IReadOnlyList<string> Observations => _observations;

    /// <summary>The number of posterior draws S.</summary>
    public int Draws { get; }

    /// <summary>The total elpd (<c>elpd_loo</c> or <c>elpd_waic</c>).</summary>
    public double Elpd { get; }

    /// <summary>The standard error of <see cref="Elpd"/>: √(n · var(elpdᵢ)).</summary>
    public double ElpdStandardError { get; }

    /// <summary>The effective number of parameters (<c>p_loo</c> or <c>p_waic</c>).</summary>
    public double P { get; }

    /// <summary>The standard error of <see cref="P"/>.</summary>
    public double PStandardError { get; }

    /// <summary>The information criterion −2·elpd (<c>looic</c> or <c>waic</c>).</summary>
    public double InformationCriterion { get; }

    /// <summary>The standard error of <see cref="InformationCriterion"/> (twice that of elpd).</summary>
    public double InformationCriterionStandardError { get; }

    /// <summary>The pointwise elpd values, one per observation (<c>elpd_loo</c> / <c>elpd_waic</c> column of loo's <c>pointwise</c>).</summary>
    public IReadOnlyList<double> PointwiseElpd => _elpd;

    /// <summary>The pointwise effective numbers of parameters.</summary>
    public IReadOnlyList<double> PointwiseP => _p;

    /// <summary>The table of estimates as loo prints it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        string ic = Criterion == "loo" ? "looic" : "waic";
        sb.Append(CultureInfo.InvariantCulture, $"Computed from {Draws} by {_observations.Length} log-likelihood matrix\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{"",-11}{"Estimate",9}{"SE",8}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{"elpd_" + Criterion,-11}{Elpd,9:F1}{ElpdStandardError,8:F1}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{"p_" + Criterion,-11}{P,9:F1}{PStandardError,8:F1}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{ic,-11}{InformationCriterion,9:F1}{InformationCriterionStandardError,8:F1}");
        return sb.ToString();
    }

    internal static double StandardError(IReadOnlyList<double> pointwise)
    {
        int n = pointwise.Count;
        if (n < 2) return double.NaN;
        double mean = pointwise.Average();
        double variance = pointwise.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        return Math.Sqrt(n * variance);
    }
}
