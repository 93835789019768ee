using Xunit;

namespace Probabilistic.Tests.Examples;

/// <summary>Quick-mode runs of the model-comparison and SBC gallery examples.</summary>
public class WorkflowGalleryTests
{
    [Fact]
    public void ModelComparisonPrefersTheQuadraticAndFlagsTheOutlier()
    {
        var text = GalleryTests.RunExample("model-comparison", "--quick", "--quiet");
        var lines = text.Split('\n');
        // The comparison table: header, then the best model (elpd_diff 0.0), then the other with its paired SE.
        var best = Row(lines[1]);
        var other = Row(lines[2]);
        Assert.Equal(0.0, best.Difference);
        Assert.True(other.Difference <= 0, lines[2]);
        Assert.Equal(["linear", "quadratic"], new[] { best.Name, other.Name }.Order());
        // The data's trend is quadratic, but the outlier costs the quadratic model (σ ≈ 0.6) far more log density than the
        // linear one (σ ≈ 1.5), so the elpd difference is small against its SE: +2.0 and +10.3 (se_diff ≈ 10) on two
        // streams. Which model comes first is therefore not a property of the example; what is, is that the linear model is
        // not preferred beyond the comparison's own uncertainty: a linear lead of more than 2 se_diff (a 2.3% tail if the
        // quadratic's true advantage were 0, less since it is positive) fails.
        if (best.Name == "linear") Assert.True(-other.Difference < 2 * other.Se, $"linear preferred by {-other.Difference} (se {other.Se})");
        // The outlier (observation y/30, moved up by 6 = 10 residual sd of the quadratic model) dominates the quadratic
        // model's LOO: its k̂ is far above 0.7 (measured 2.05 and 1.47 on two streams; sd(k̂) ≈ 0.15 at 1,000 draws, M = 95)
        // and the largest. In the linear model its residual is about 4 sd and several points have k̂ 0.3–0.8 (0.83 at y/30
        // on one stream, 0.56 at y/1 on another), so which is largest there is not asserted.
        Assert.Contains("linear: elpd_loo", text);
        var quadratic = lines.Single(l => l.StartsWith("quadratic: elpd_loo", StringComparison.Ordinal)).TrimEnd('\r');
        Assert.EndsWith("at y/30", quadratic);
        var k = System.Text.RegularExpressions.Regex.Match(quadratic, @"max k̂ ([\d.]+) at");
        Assert.True(k.Success, quadratic);
        Assert.True(double.Parse(k.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0.7, quadratic);
    }

    /// <summary>A row of the comparison table: the model's name, elpd_diff and se_diff.</summary>
    private static (string Name, double Difference, double Se) Row(string line)
    {
        var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return (cells[0], double.Parse(cells[1], inv), double.Parse(cells[2], inv));
    }

    [Fact]
    public void SbcCalibratesEightSchools()
    {
        var text = GalleryTests.RunExample("sbc", "--quick", "--quiet");
        Assert.Contains("SBC: 40 replicates, ranks 0…19", text);
        Assert.Contains("theta[8]", text);
        Assert.Contains("log_lik", text);
        Assert.Contains("calibrated: no quantity fails", text);
    }
}
