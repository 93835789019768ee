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
        // The comparison table: header, then the best model (elpd_diff 0.0), then the other.
        Assert.StartsWith("quadratic", lines[1]);
        Assert.StartsWith("linear", lines[2]);
        // The outlier (observation y/30, moved up by 6 residual sd) has the largest Pareto k̂ in both models.
        Assert.Contains("quadratic: elpd_loo", text);
        var maxK = lines.Where(l => l.Contains("max k̂")).ToArray();
        Assert.Equal(2, maxK.Length);
        Assert.All(maxK, l => Assert.EndsWith("at y/30", l.TrimEnd('\r')));
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
