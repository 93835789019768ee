using Xunit;
using Probabilistic.Inference.Workflow;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>WAIC against R loo 2.5.1's <c>waic</c> (Fixtures/loo.json) to 1e-6.</summary>
public class WaicTests
{
    [Theory]
    [MemberData(nameof(LooFixture.Names), MemberType = typeof(LooFixture))]
    public void WaicMatchesLoo(string name)
    {
        var f = LooFixture.Get(name);
        var ll = new PointwiseLogLikelihood(Enumerable.Range(0, f.LogLikelihood[0][0].Length).Select(i => $"y/{i}").ToArray(), f.LogLikelihood);
        var waic = Waic.Compute(ll);
        LooTests.AssertClose(f.Values("elpd_waic_i"), waic.PointwiseElpd);
        LooTests.AssertClose(f.Values("p_waic_i"), waic.PointwiseP);
        LooTests.AssertEstimate(f.Estimate("waic", "elpd_waic"), waic.Elpd, waic.ElpdStandardError);
        LooTests.AssertEstimate(f.Estimate("waic", "p_waic"), waic.P, waic.PStandardError);
        LooTests.AssertEstimate(f.Estimate("waic", "waic"), waic.InformationCriterion, waic.InformationCriterionStandardError);
    }
}
