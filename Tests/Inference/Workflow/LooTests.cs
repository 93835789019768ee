using Xunit;
using Probabilistic.Inference.Diagnostics;
using Probabilistic.Inference.Workflow;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>PSIS-LOO, r_eff and k̂ against R loo 2.5.1 (Fixtures/loo.json); point estimates and k̂ to 1e-6.</summary>
public class LooTests
{
    private const double Tolerance = 1e-6;

    private static PointwiseLogLikelihood Pointwise(double[][][] ll) =>
        new(Enumerable.Range(0, ll[0][0].Length).Select(i => $"y/{i}").ToArray(), ll);

    [Theory]
    [MemberData(nameof(LooFixture.Names), MemberType = typeof(LooFixture))]
    public void RelativeEfficiencyMatchesLoo(string name)
    {
        var f = LooFixture.Get(name);
        var ll = Pointwise(f.LogLikelihood);
        var expected = f.Values("r_eff");
        for (int i = 0; i < ll.Count; i++)
            Assert.Equal(expected[i], RelativeEfficiency.Of(ll.ChainsOf(i)), Tolerance);
    }

    [Theory]
    [MemberData(nameof(LooFixture.Names), MemberType = typeof(LooFixture))]
    public void LooMatchesLoo(string name)
    {
        var f = LooFixture.Get(name);
        var loo = Loo.Compute(Pointwise(f.LogLikelihood));
        AssertClose(f.Values("pareto_k"), loo.ParetoK);
        AssertClose(f.Values("elpd_loo_i"), loo.PointwiseElpd);
        AssertClose(f.Values("p_loo_i"), loo.PointwiseP);
        AssertEstimate(f.Estimate("loo", "elpd_loo"), loo.Elpd, loo.ElpdStandardError);
        AssertEstimate(f.Estimate("loo", "p_loo"), loo.P, loo.PStandardError);
        AssertEstimate(f.Estimate("loo", "looic"), loo.InformationCriterion, loo.InformationCriterionStandardError);
    }

    [Theory]
    [MemberData(nameof(LooFixture.Names), MemberType = typeof(LooFixture))]
    public void PsisLogWeightsMatchLoo(string name)
    {
        var f = LooFixture.Get(name);
        var ll = Pointwise(f.LogLikelihood);
        var ratios = ll.ChainsOf(0).SelectMany(c => c).Select(x => -x).ToArray();
        var psis = ParetoSmoothing.Smooth(ratios, f.Values("r_eff")[0]);
        Assert.Equal((int)f.Value("tail_len_1"), psis.TailLength);
        Assert.Equal(f.Value("psis_k_1"), psis.ParetoK, Tolerance);
        AssertClose(f.Values("psis_log_weights_1"), psis.LogWeights);
    }

    [Fact]
    public void OutliersHaveHighParetoK()
    {
        // The fixture's last two observations (7 and 11 among N(0, 1) data under a normal model) are influential.
        var loo = Loo.Compute(Pointwise(LooFixture.Get("outliers_2x500").LogLikelihood));
        Assert.Contains(19, loo.HighParetoK);
        Assert.Equal(ParetoKCategory.VeryBad, ParetoSmoothing.Category(loo.ParetoK[19]));
        Assert.Equal(1 - 1 / 3.0, loo.KThreshold, 12); // min(1 − 1/log10(1000), 0.7)
        Assert.Contains("very bad", loo.ToString());
    }

    [Fact]
    public void LooPitUsesTheWeightsOfEachObservation()
    {
        // With equal weights (a constant log-likelihood) LOO-PIT is the fraction of replicates at or below y.
        var ll = Enumerable.Range(0, 10).Select(_ => new[] { 0.0 }).ToArray();
        var loo = Loo.Compute(ll, observations: ["y"]);
        Assert.All(loo.LogWeights(0), lw => Assert.Equal(Math.Log(0.1), lw, 12));
    }

    [Fact]
    public void BadInputNamesTheProblem()
    {
        var ll = new[] { new[] { 0.0, double.NaN }, new[] { 0.0, 0.0 } };
        var e = Assert.Throws<ArgumentException>(() => Loo.Compute(ll));
        Assert.Contains("observation 1 at draw 0", e.Message);
        Assert.Throws<ArgumentException>(() => Loo.Compute([[0.0]]));
        Assert.Throws<ArgumentException>(() => ParetoSmoothing.Smooth([1.0, double.PositiveInfinity]));
    }

    internal static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            if (double.IsInfinity(expected[i])) { Assert.Equal(expected[i], actual[i]); continue; }
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    internal static void AssertEstimate((double Estimate, double Se) expected, double estimate, double se)
    {
        Assert.Equal(expected.Estimate, estimate, Tolerance);
        Assert.Equal(expected.Se, se, Tolerance);
    }
}
