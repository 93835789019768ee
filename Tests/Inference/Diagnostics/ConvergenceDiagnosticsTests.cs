using Probabilistic.Inference.Diagnostics;
using Xunit;

namespace Probabilistic.Tests.Inference.Diagnostics;

/// <summary>
/// ConvergenceDiagnostics against R's posterior package (1.4.0) on the fixtures of Fixtures/make_fixtures.R: well-mixing,
/// AR(1), antithetic, bad-mixing, odd-length, heavy-tailed, single-chain, tied (Poisson), very short and constant draws.
/// Values agree to 1e-6, relative when larger than 1 (both sides compute the same formulas; only rounding differs).
/// </summary>
public class ConvergenceDiagnosticsTests
{
    public static TheoryData<string> Cases => new(DiagnosticsFixture.All.Select(f => f.Name));

    private static DiagnosticsFixture Case(string name) => DiagnosticsFixture.All.Single(f => f.Name == name);

    private static void Equal(double expected, double actual, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: R gives NA, we give {actual}");
            return;
        }
        double tolerance = 1e-6 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: R gives {expected:R}, we give {actual:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RhatMatchesPosterior(string name)
    {
        var f = Case(name);
        Equal(f.Value("rhat"), ConvergenceDiagnostics.Rhat(f.Draws), $"{name} rhat");
        Equal(f.Value("rhat_basic"), ConvergenceDiagnostics.RhatBasic(f.Draws), $"{name} rhat_basic");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EffectiveSampleSizesMatchPosterior(string name)
    {
        var f = Case(name);
        Equal(f.Value("ess_bulk"), ConvergenceDiagnostics.EssBulk(f.Draws), $"{name} ess_bulk");
        Equal(f.Value("ess_tail"), ConvergenceDiagnostics.EssTail(f.Draws), $"{name} ess_tail");
        Equal(f.Value("ess_basic"), ConvergenceDiagnostics.EssBasic(f.Draws), $"{name} ess_basic");
        Equal(f.Value("ess_mean"), ConvergenceDiagnostics.EssMean(f.Draws), $"{name} ess_mean");
        Equal(f.Value("ess_sd"), ConvergenceDiagnostics.EssSd(f.Draws), $"{name} ess_sd");
        var probs = f.Values("probs");
        var expected = f.Values("ess_quantile");
        for (int k = 0; k < probs.Length; k++)
            Equal(expected[k], ConvergenceDiagnostics.EssQuantile(f.Draws, probs[k]), $"{name} ess_quantile({probs[k]})");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MonteCarloStandardErrorsMatchPosterior(string name)
    {
        var f = Case(name);
        Equal(f.Value("mcse_mean"), ConvergenceDiagnostics.McseMean(f.Draws), $"{name} mcse_mean");
        Equal(f.Value("mcse_sd"), ConvergenceDiagnostics.McseSd(f.Draws), $"{name} mcse_sd");
        var probs = f.Values("probs");
        var expected = f.Values("mcse_quantile");
        for (int k = 0; k < probs.Length; k++)
            Equal(expected[k], ConvergenceDiagnostics.McseQuantile(f.Draws, probs[k]), $"{name} mcse_quantile({probs[k]})");
    }

    [Fact]
    public void FixturesCoverTheCasesThatExerciseEachBranch()
    {
        // A bad-mixing case must be flagged by R-hat and an odd-length case must be present, or the comparisons above prove less.
        Assert.True(Case("bad_mixing_4x300").Value("rhat") > 1.1);
        Assert.True(Case("odd_draws_3x101").Draws[0].Length % 2 == 1);
        Assert.True(double.IsNaN(Case("constant_2x50").Value("rhat")));
    }

    [Fact]
    public void RaggedEmptyOrNullChainsAreRejectedByName()
    {
        var ragged = Assert.Throws<ArgumentException>(() => ConvergenceDiagnostics.Rhat([[1, 2, 3], [1, 2]]));
        Assert.Contains("chain 1 has 2 draws but chain 0 has 3", ragged.Message);
        var empty = Assert.Throws<ArgumentException>(() => ConvergenceDiagnostics.EssBulk([[1, 2, 3], []]));
        Assert.Contains("chain 1 has no draws", empty.Message);
        Assert.Throws<ArgumentException>(() => ConvergenceDiagnostics.EssTail([]));
        Assert.Throws<ArgumentNullException>(() => ConvergenceDiagnostics.McseMean(null!));
        var p = Assert.Throws<ArgumentOutOfRangeException>(() => ConvergenceDiagnostics.McseQuantile([[1, 2, 3, 4]], 1.5));
        Assert.Contains("McseQuantile", p.Message);
    }

    [Fact]
    public void NonFiniteDrawsGiveNaN()
    {
        double[][] draws = [[0.1, 0.5, double.NaN, 0.3, 0.2, 0.9], [0.4, 0.8, 0.6, 0.7, 0.05, 1.1]];
        Assert.True(double.IsNaN(ConvergenceDiagnostics.Rhat(draws)));
        Assert.True(double.IsNaN(ConvergenceDiagnostics.EssBulk(draws)));
        Assert.True(double.IsNaN(ConvergenceDiagnostics.McseQuantile(draws, 0.5)));
    }
}
