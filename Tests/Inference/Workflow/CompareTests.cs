using Xunit;
using Probabilistic.Inference.Workflow;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>Model comparison against R loo 2.5.1's <c>loo_compare</c> (Fixtures/loo.json) to 1e-6.</summary>
public class CompareTests
{
    [Fact]
    public void CompareMatchesLooCompare()
    {
        var f = LooFixture.Get("outliers_2x500");
        string[] names = Enumerable.Range(0, 20).Select(i => $"y/{i}").ToArray();
        var normal = Loo.Compute(new PointwiseLogLikelihood(names, f.LogLikelihood));
        var studentT = Loo.Compute(new PointwiseLogLikelihood(names, f.CompareLogLikelihood!));
        var result = Compare.Models(("first", normal), ("second", studentT));
        var order = f.Compare.GetProperty("order").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var diff = f.Compare.GetProperty("elpd_diff").EnumerateArray().Select(LooFixture.Number).ToArray();
        var se = f.Compare.GetProperty("se_diff").EnumerateArray().Select(LooFixture.Number).ToArray();
        Assert.Equal(order, result.Rows.Select(r => r.Name));
        for (int i = 0; i < order.Length; i++)
        {
            Assert.Equal(diff[i], result.Rows[i].ElpdDifference, 1e-6);
            Assert.Equal(se[i], result.Rows[i].DifferenceStandardError, 1e-6);
        }
        Assert.Equal("second", result.Rows[0].Name); // the Student-t model explains the outliers better
    }

    [Fact]
    public void CompareRejectsMismatchedModels()
    {
        var a = Loo.Compute([[0.0, 1.0], [0.5, 1.0], [0.2, 0.3]]);
        var b = Loo.Compute([[0.0], [0.5], [0.1]]);
        var e = Assert.Throws<ArgumentException>(() => Compare.Models(("a", a), ("b", b)));
        Assert.Contains("same data", e.Message);
        Assert.Throws<ArgumentException>(() => Compare.Models(("a", a), ("w", Waic.Compute([[0.0, 1.0], [0.5, 1.0], [0.2, 0.3]]))));
    }
}
