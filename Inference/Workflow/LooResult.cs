using System.Globalization;
using System.Text;
using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// The result of <see cref="Loo.Compute(PointwiseLogLikelihood, IReadOnlyList{double}?)"/>: elpd_loo, p_loo and looic
/// with standard errors (<see cref="ElpdEstimate"/>), and per observation the pointwise values, the Pareto k̂ of its
/// importance ratios and its r_eff. Observations with k̂ above <see cref="KThreshold"/> have unreliable LOO estimates
/// (refit without them, or use k-fold cross-validation).
/// </summary>
public sealed class LooResult : ElpdEstimate
{
    private readonly double[] _paretoK;
    private readonly double[] _relativeEfficiency;
    private readonly double[][] _logWeights; // [observation][draw], normalized

    internal LooResult(string[] observations, double[] elpd, double[] pLoo, double[] paretoK, double[] relativeEfficiency, int draws, double[][] logWeights)
        : base("loo", observations, elpd, pLoo, draws)
    {
        _paretoK = paretoK;
        _relativeEfficiency = relativeEfficiency;
        _logWeights = logWeights;
    }

    /// <summary>The Pareto k̂ of each observation (loo's <c>influence_pareto_k</c>; ∞ where the tail could not be fitted).</summary>
    public IReadOnlyList<double> ParetoK => _paretoK;

    /// <summary>The relative efficiency r_eff used for each observation's tail length.</summary>
    public IReadOnlyList<double> RelativeEfficiency => _relativeEfficiency;

    /// <summary>The pointwise looic values −2·elpd_loo,i.</summary>
    public IReadOnlyList<double> PointwiseInformationCriterion => PointwiseElpd.Select(e => -2 * e).ToArray();

    /// <summary>The sample-size dependent k̂ threshold min(1 − 1/log₁₀ S, 0.7) (Vehtari et al. 2024).</summary>
    public double KThreshold => ParetoSmoothing.KThreshold(Draws);

    /// <summary>The observations (by position) whose k̂ exceeds <see cref="KThreshold"/>.</summary>
    public IReadOnlyList<int> HighParetoK => Enumerable.Range(0, _paretoK.Length).Where(i => !(_paretoK[i] <= KThreshold)).ToArray();

    /// <summary>How many observations fall in each of loo 2.5.1's k̂ categories (good, ok, bad, very bad).</summary>
    public IReadOnlyDictionary<ParetoKCategory, int> ParetoKCounts =>
        Enum.GetValues<ParetoKCategory>().ToDictionary(c => c, c => _paretoK.Count(k => ParetoSmoothing.Category(k) == c));

    /// <summary>The normalized Pareto-smoothed log weights of the draws for leaving out observation <paramref name="observation"/>.</summary>
    public double[] LogWeights(int observation) => (double[])_logWeights[observation].Clone();

    /// <summary>The table of estimates and the k̂ diagnostic table, as loo prints them.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(base.ToString()).Append("\n\n");
        var counts = ParetoKCounts;
        int n = _paretoK.Length;
        sb.Append("Pareto k diagnostic values:\n");
        void Row(string label, ParetoKCategory c) =>
            sb.Append(CultureInfo.InvariantCulture, $"{label,-24}{counts[c],6} {100.0 * counts[c] / n,6:F1}%\n");
        Row("(-Inf, 0.5]  (good)", ParetoKCategory.Good);
        Row(" (0.5, 0.7]  (ok)", ParetoKCategory.Ok);
        Row("   (0.7, 1]  (bad)", ParetoKCategory.Bad);
        Row("   (1, Inf)  (very bad)", ParetoKCategory.VeryBad);
        sb.Append(CultureInfo.InvariantCulture, $"k threshold for {Draws} draws: {KThreshold:F2}; {HighParetoK.Count} observation(s) above it.");
        return sb.ToString();
    }
}
