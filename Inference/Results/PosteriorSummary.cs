using System.Globalization;
using System.Text;

namespace Probabilistic.Inference;

/// <summary>
/// A posterior summary table, one <see cref="PosteriorSummaryRow"/> per column, as CmdStan's <c>stansummary</c> and the R
/// package <c>posterior</c>'s <c>summarise_draws</c> print it: mean, sd, MCSE of mean and sd, quantiles, bulk and tail
/// ESS and R̂ (Vehtari et al. 2021). <see cref="ToString"/> prints an aligned table.
/// </summary>
public sealed class PosteriorSummary
{
    private readonly PosteriorSummaryRow[] _rows;

    /// <summary>Creates a summary from its rows and the probabilities of its quantile columns.</summary>
    public PosteriorSummary(IReadOnlyList<PosteriorSummaryRow> rows, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(probabilities);
        _rows = rows.ToArray();
        Probabilities = probabilities.ToArray();
        foreach (var row in _rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            if (row.Quantiles.Count != Probabilities.Count)
                throw new ArgumentException($"PosteriorSummary: row '{row.Name}' has {row.Quantiles.Count} quantiles but there are {Probabilities.Count} probabilities.", nameof(rows));
        }
    }

    /// <summary>The importance-sampling check of independent draws (printed under the table), or null for Markov chains.</summary>
    public Workflow.IndependentDrawsCheck? IndependentDraws { get; init; }

    /// <summary>The rows, one per column of the posterior, in its order.</summary>
    public IReadOnlyList<PosteriorSummaryRow> Rows => _rows;

    /// <summary>The probabilities of the quantile columns (0.05, 0.5, 0.95 by default).</summary>
    public IReadOnlyList<double> Probabilities { get; }

    /// <summary>The row of a column by name; an unknown name is a <see cref="KeyNotFoundException"/>.</summary>
    public PosteriorSummaryRow this[string name] =>
        _rows.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"PosteriorSummary: no row named '{name}'; the rows are {string.Join(", ", _rows.Take(20).Select(r => r.Name))}{(_rows.Length > 20 ? ", …" : "")}.");

    /// <summary>The table, columns right-aligned: name, mean, sd, mcse_mean, mcse_sd, the quantiles (as <c>5%</c>), ess_bulk, ess_tail, rhat.</summary>
    public override string ToString()
    {
        var header = new List<string> { "", "mean", "sd", "mcse_mean", "mcse_sd" };
        header.AddRange(Probabilities.Select(p => (100 * p).ToString("0.###", CultureInfo.InvariantCulture) + "%"));
        header.AddRange(["ess_bulk", "ess_tail", "rhat"]);
        var table = new List<string[]> { header.ToArray() };
        foreach (var r in _rows)
        {
            var cells = new List<string> { r.Name, Number(r.Mean), Number(r.Sd), Number(r.McseMean), Number(r.McseSd) };
            cells.AddRange(r.Quantiles.Select(Number));
            cells.AddRange([Count(r.EssBulk), Count(r.EssTail), Fixed(r.Rhat, "F3")]);
            table.Add(cells.ToArray());
        }
        var widths = Enumerable.Range(0, header.Count).Select(j => table.Max(row => row[j].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in table)
        {
            sb.Append(row[0].PadRight(widths[0]));
            for (int j = 1; j < row.Length; j++) sb.Append("  ").Append(row[j].PadLeft(widths[j]));
            sb.Append('\n');
        }
        if (IndependentDraws is not null) sb.Append(IndependentDraws).Append('\n');
        return sb.ToString().TrimEnd('\n');
    }

    private static string Number(double x) => double.IsNaN(x) ? "NA" : x.ToString("G4", CultureInfo.InvariantCulture);

    private static string Count(double x) => Fixed(x, "F0");

    private static string Fixed(double x, string format) => double.IsNaN(x) ? "NA" : x.ToString(format, CultureInfo.InvariantCulture);
}
