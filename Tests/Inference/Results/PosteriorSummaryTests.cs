using Probabilistic.Inference;
using Probabilistic.Tests.Inference.Diagnostics;
using Xunit;

namespace Probabilistic.Tests.Inference.Results;

public class PosteriorSummaryTests
{
    // A posterior whose columns are fixture draw matrices of the same shape (4 chains × 500 draws), so each summary row
    // can be compared with what R's posterior package computed for that matrix (mean, sd, quantile(0.05, 0.5, 0.95),
    // mcse_mean, mcse_sd, ess_bulk, ess_tail, rhat), to 1e-6 relative.
    private static readonly string[] Cases = ["ar1_phi09_4x500", "heavy_tails_t1_5_4x500"];

    private static Posterior FromFixtures()
    {
        var matrices = Cases.Select(c => DiagnosticsFixture.All.Single(f => f.Name == c).Draws).ToArray();
        var draws = new double[4][][];
        for (int c = 0; c < 4; c++)
        {
            draws[c] = new double[500][];
            for (int d = 0; d < 500; d++) draws[c][d] = matrices.Select(m => m[c][d]).ToArray();
        }
        return new Posterior([PosteriorColumn.Element("theta", 0), PosteriorColumn.Element("theta", 1)], draws);
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{what}: R gives {expected:R}, we give {actual:R}");

    [Fact]
    public void RowsEqualPosteriorsValues()
    {
        var summary = FromFixtures().Summary();
        Assert.Equal([0.05, 0.5, 0.95], summary.Probabilities);
        for (int k = 0; k < Cases.Length; k++)
        {
            var f = DiagnosticsFixture.All.Single(x => x.Name == Cases[k]);
            var row = summary[$"theta[{k + 1}]"];
            Close(f.Value("mean"), row.Mean, $"{f.Name} mean");
            Close(f.Value("sd"), row.Sd, $"{f.Name} sd");
            var q = f.Values("quantile");
            for (int j = 0; j < 3; j++) Close(q[j], row.Quantiles[j], $"{f.Name} quantile {j}");
            Close(f.Value("mcse_mean"), row.McseMean, $"{f.Name} mcse_mean");
            Close(f.Value("mcse_sd"), row.McseSd, $"{f.Name} mcse_sd");
            Close(f.Value("ess_bulk"), row.EssBulk, $"{f.Name} ess_bulk");
            Close(f.Value("ess_tail"), row.EssTail, $"{f.Name} ess_tail");
            Close(f.Value("rhat"), row.Rhat, $"{f.Name} rhat");
        }
    }

    [Fact]
    public void QuantilesCanBeChosen()
    {
        var p = new Posterior([PosteriorColumn.Scalar("x")], [[[1.0], [2.0], [3.0], [4.0], [5.0]]]);
        var row = p.Summary(0, 0.1, 1)["x"];
        // R's type 7 on 1…5: h = 4p, so p = 0.1 gives 1 + 0.4.
        Assert.Equal(1.0, row.Quantiles[0]);
        Assert.Equal(1.4, row.Quantiles[1], 1e-12);
        Assert.Equal(5.0, row.Quantiles[2]);
        Assert.Equal(3.0, row.Mean);
        Assert.Equal(Math.Sqrt(2.5), row.Sd, 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Summary(1.5));
    }

    [Fact]
    public void TheTablePrintsAligned()
    {
        var text = FromFixtures().Summary().ToString();
        var lines = text.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Equal(lines[0].Length, line.Length));
        var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["mean", "sd", "mcse_mean", "mcse_sd", "5%", "50%", "95%", "ess_bulk", "ess_tail", "rhat"], header);
        Assert.StartsWith("theta[1] ", lines[1]);
        Assert.StartsWith("theta[2] ", lines[2]);
        // Right-aligned: every header label ends where the numbers beneath it end.
        int end = lines[0].IndexOf("rhat", StringComparison.Ordinal) + 4;
        Assert.Equal(end, lines[1].Length);
    }

    [Fact]
    public void UnknownRowIsAClearError()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => FromFixtures().Summary()["mu"]);
        Assert.Contains("no row named 'mu'", e.Message);
    }
}
