using System.Globalization;
using System.Text;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// Model comparison by elpd (Vehtari, Gelman and Gabry 2017, section 5.2; R loo's <c>loo_compare</c>): models sorted
/// by elpd, best first; for each, elpd_diff = Σᵢ (elpdᵢ(model) − elpdᵢ(best)) and its standard error √n · sd of those
/// pointwise differences (the paired comparison, much smaller than the difference of the totals' standard errors).
/// All models must be scored on the same observations. Matches loo 2.5.1's <c>loo_compare</c> (the tests).
/// </summary>
public static class Compare
{
    /// <summary>Compares models by their LOO or WAIC estimates (all of one kind), each under its name.</summary>
    public static ComparisonResult Models(params (string Name, ElpdEstimate Estimate)[] models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Length < 2) throw new ArgumentException($"Compare: {models.Length} model(s); comparing needs at least 2.", nameof(models));
        if (models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != models.Length)
            throw new ArgumentException("Compare: model names must be unique.", nameof(models));
        var first = models[0].Estimate ?? throw new ArgumentException($"Compare: model '{models[0].Name}' has no estimate.", nameof(models));
        foreach (var (name, estimate) in models)
        {
            if (estimate is null) throw new ArgumentException($"Compare: model '{name}' has no estimate.", nameof(models));
            if (estimate.Criterion != first.Criterion)
                throw new ArgumentException($"Compare: model '{name}' has a {estimate.Criterion} estimate but '{models[0].Name}' has {first.Criterion}; compare one kind.", nameof(models));
            if (estimate.Observations.Count != first.Observations.Count)
                throw new ArgumentException($"Compare: model '{name}' has {estimate.Observations.Count} observations but '{models[0].Name}' has {first.Observations.Count}; models must be scored on the same data.", nameof(models));
        }
        var order = models.OrderByDescending(m => m.Estimate.Elpd).ToArray();
        var best = order[0].Estimate.PointwiseElpd;
        var rows = order.Select(m =>
        {
            var diffs = m.Estimate.PointwiseElpd.Select((e, i) => e - best[i]).ToArray();
            double se = ReferenceEquals(m.Estimate, order[0].Estimate) ? 0 : ElpdEstimate.StandardError(diffs);
            return new ComparisonRow(m.Name, diffs.Sum(), se, m.Estimate);
        }).ToArray();
        return new ComparisonResult(first.Criterion, rows);
    }
}

/// <summary>One model's row of a <see cref="ComparisonResult"/>.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="ElpdDifference">elpd_diff: its elpd minus the best model's (0 for the best, negative otherwise).</param>
/// <param name="DifferenceStandardError">se_diff: the standard error of the paired difference (0 for the best).</param>
/// <param name="Estimate">The model's own estimate (elpd, p, information criterion, their SEs).</param>
public sealed record ComparisonRow(string Name, double ElpdDifference, double DifferenceStandardError, ElpdEstimate Estimate);

/// <summary>The result of <see cref="Compare.Models"/>: one row per model, best first.</summary>
public sealed class ComparisonResult
{
    internal ComparisonResult(string criterion, ComparisonRow[] rows)
    {
        Criterion = criterion;
        Rows = rows;
    }

    /// <summary><c>loo</c> or <c>waic</c>.</summary>
    public string Criterion { get; }

    /// <summary>The models, best (highest elpd) first.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>The row of a model by name.</summary>
    public ComparisonRow this[string name] => Rows.FirstOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"ComparisonResult: no model named '{name}'; they are {string.Join(", ", Rows.Select(r => r.Name))}.");

    /// <summary>The table as loo_compare prints it (elpd_diff, se_diff, then each model's estimates).</summary>
    public override string ToString()
    {
        int width = Math.Max(6, Rows.Max(r => r.Name.Length));
        var sb = new StringBuilder();
        string c = Criterion;
        sb.Append(CultureInfo.InvariantCulture, $"{"".PadRight(width)}{"elpd_diff",10}{"se_diff",9}{"elpd_" + c,11}{"se_elpd_" + c,14}{"p_" + c,9}{"se_p_" + c,11}\n");
        foreach (var r in Rows)
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.Name.PadRight(width)}{r.ElpdDifference,10:F1}{r.DifferenceStandardError,9:F1}{r.Estimate.Elpd,11:F1}{r.Estimate.ElpdStandardError,14:F1}{r.Estimate.P,9:F1}{r.Estimate.PStandardError,11:F1}\n");
        return sb.ToString().TrimEnd('\n');
    }
}
