using Probabilistic.Distributions;
using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Distributions.Supports;

/// <summary>
/// Every continuous distribution's log density at and just beyond the ends of its support, against SciPy, and the
/// supports and bijectors that go with them: a closed end is in the support (and has the density's limit there),
/// an open end is not.
/// </summary>
public class SupportBoundaryTests
{
    private static readonly Dictionary<string, IUnivariateCdf> Distributions = new()
    {
        ["Exponential(2.5)"] = Exponential(2.5), ["HalfNormal(2.5)"] = HalfNormal(2.5), ["HalfCauchy(5)"] = HalfCauchy(5),
        ["Gamma(0.5, 2)"] = Gamma(0.5, 2), ["Gamma(1, 2)"] = Gamma(1, 2), ["Gamma(2.5, 2)"] = Gamma(2.5, 2),
        ["Weibull(0.5, 2)"] = Weibull(0.5, 2), ["Weibull(1, 2)"] = Weibull(1, 2), ["Weibull(3, 2)"] = Weibull(3, 2),
        ["ChiSquared(1)"] = ChiSquared(1), ["ChiSquared(2)"] = ChiSquared(2), ["ChiSquared(5)"] = ChiSquared(5),
        ["Beta(1, 3)"] = Beta(1, 3), ["Beta(2, 1)"] = Beta(2, 1), ["Beta(0.5, 0.5)"] = Beta(0.5, 0.5), ["Beta(2, 3)"] = Beta(2, 3),
        ["Uniform(-3, 5)"] = Uniform(-3, 5), ["LogNormal(0, 1)"] = LogNormal(0, 1), ["InverseGamma(2, 1)"] = InverseGamma(2, 1),
        ["Truncated(Normal(0, 1), -1, 2)"] = Truncated(Normal(0, 1), -1, 2),
        ["Normal(0, 1)"] = Normal(0, 1), ["Laplace(0, 1)"] = Laplace(0, 1), ["Cauchy(0, 1)"] = Cauchy(0, 1),
        ["Logistic(0, 1)"] = Logistic(0, 1), ["StudentT(3, 0, 1)"] = StudentT(3, 0, 1),
    };

    /// <summary>
    /// (distribution, x, scipy.stats logpdf(x)): the output of Tests/Distributions/Fixtures/boundary_values.py,
    /// run with SciPy 1.10.1 (Debian's python3-scipy).
    /// </summary>
    public static readonly TheoryData<string, double, double> ScipyLogPdf = new()
    {
        { "Exponential(2.5)", 0.0, 0.916290731874155 },
        { "Exponential(2.5)", -1e-300, double.NegativeInfinity },
        { "Exponential(2.5)", 1e-300, 0.916290731874155 },
        { "Exponential(2.5)", 1.0, -1.583709268125845 },
        { "HalfNormal(2.5)", 0.0, -1.1420820845188824 },
        { "HalfNormal(2.5)", -1e-300, double.NegativeInfinity },
        { "HalfNormal(2.5)", 1.0, -1.2220820845188824 },
        { "HalfCauchy(5)", 0.0, -2.061020617723555 },
        { "HalfCauchy(5)", -1e-300, double.NegativeInfinity },
        { "HalfCauchy(5)", 1.0, -2.100241330876836 },
        { "Gamma(0.5, 2)", 0.0, double.PositiveInfinity },
        { "Gamma(0.5, 2)", -1e-300, double.NegativeInfinity },
        { "Gamma(0.5, 2)", 1.0, -2.2257913526447273 },
        { "Gamma(1, 2)", 0.0, 0.6931471805599453 },
        { "Gamma(1, 2)", -1e-300, double.NegativeInfinity },
        { "Gamma(1, 2)", 1.0, -1.3068528194400546 },
        { "Gamma(2.5, 2)", 0.0, double.NegativeInfinity },
        { "Gamma(2.5, 2)", -1e-300, double.NegativeInfinity },
        { "Gamma(2.5, 2)", 1.0, -0.551814919073056 },
        { "Weibull(0.5, 2)", 0.0, double.PositiveInfinity },
        { "Weibull(0.5, 2)", -1e-300, double.NegativeInfinity },
        { "Weibull(0.5, 2)", 1.0, -1.7468275520264656 },
        { "Weibull(1, 2)", 0.0, -0.6931471805599453 },
        { "Weibull(1, 2)", -1e-300, double.NegativeInfinity },
        { "Weibull(1, 2)", 1.0, -1.1931471805599454 },
        { "Weibull(3, 2)", 0.0, double.NegativeInfinity },
        { "Weibull(3, 2)", -1e-300, double.NegativeInfinity },
        { "Weibull(3, 2)", 1.0, -1.1058292530117262 },
        { "ChiSquared(1)", 0.0, double.PositiveInfinity },
        { "ChiSquared(1)", -1e-300, double.NegativeInfinity },
        { "ChiSquared(1)", 1.0, -1.4189385332046727 },
        { "ChiSquared(2)", 0.0, -0.6931471805599453 },
        { "ChiSquared(2)", -1e-300, double.NegativeInfinity },
        { "ChiSquared(2)", 1.0, -1.1931471805599454 },
        { "ChiSquared(5)", 0.0, double.NegativeInfinity },
        { "ChiSquared(5)", -1e-300, double.NegativeInfinity },
        { "ChiSquared(5)", 1.0, -2.5175508218727822 },
        { "Beta(1, 3)", 0.0, 1.0986122886681098 },
        { "Beta(1, 3)", 1.0, double.NegativeInfinity },
        { "Beta(1, 3)", -1e-300, double.NegativeInfinity },
        { "Beta(1, 3)", 1.0000000000000002, double.NegativeInfinity },
        { "Beta(1, 3)", 0.25, 0.523248143764548 },
        { "Beta(2, 1)", 0.0, double.NegativeInfinity },
        { "Beta(2, 1)", 1.0, 0.6931471805599453 },
        { "Beta(2, 1)", 0.25, -0.6931471805599453 },
        { "Beta(0.5, 0.5)", 0.0, double.PositiveInfinity },
        { "Beta(0.5, 0.5)", 1.0, double.PositiveInfinity },
        { "Beta(0.5, 0.5)", 0.25, -0.30774166906356415 },
        { "Beta(2, 3)", 0.0, double.NegativeInfinity },
        { "Beta(2, 3)", 1.0, double.NegativeInfinity },
        { "Beta(2, 3)", 0.25, 0.523248143764548 },
        { "Uniform(-3, 5)", -3.0, -2.0794415416798357 },
        { "Uniform(-3, 5)", 5.0, -2.0794415416798357 },
        { "Uniform(-3, 5)", -3.00000000000001, double.NegativeInfinity },
        { "Uniform(-3, 5)", 5.00000000000001, double.NegativeInfinity },
        { "Uniform(-3, 5)", 0.0, -2.0794415416798357 },
        { "LogNormal(0, 1)", 0.0, double.NegativeInfinity },
        { "LogNormal(0, 1)", -1e-300, double.NegativeInfinity },
        { "LogNormal(0, 1)", 1.0, -0.9189385332046727 },
        { "InverseGamma(2, 1)", 0.0, double.NegativeInfinity },
        { "InverseGamma(2, 1)", -1e-300, double.NegativeInfinity },
        { "InverseGamma(2, 1)", 1.0, -1.0 },
        { "Truncated(Normal(0, 1), -1, 2)", -1.0, -1.21877223888021 },
        { "Truncated(Normal(0, 1), -1, 2)", 2.0, -2.7187722388802102 },
        { "Truncated(Normal(0, 1), -1, 2)", -1.0000000000000002, double.NegativeInfinity },
        { "Truncated(Normal(0, 1), -1, 2)", 2.0000000000000004, double.NegativeInfinity },
        { "Truncated(Normal(0, 1), -1, 2)", 0.5, -0.84377223888021 },
        { "Normal(0, 1)", double.PositiveInfinity, double.NegativeInfinity },
        { "Normal(0, 1)", double.NegativeInfinity, double.NegativeInfinity },
        { "Laplace(0, 1)", double.PositiveInfinity, double.NegativeInfinity },
        { "Laplace(0, 1)", double.NegativeInfinity, double.NegativeInfinity },
        { "Cauchy(0, 1)", double.PositiveInfinity, double.NegativeInfinity },
        { "Cauchy(0, 1)", double.NegativeInfinity, double.NegativeInfinity },
        { "Logistic(0, 1)", double.PositiveInfinity, double.NegativeInfinity },
        { "Logistic(0, 1)", double.NegativeInfinity, double.NegativeInfinity },
        { "StudentT(3, 0, 1)", double.PositiveInfinity, double.NegativeInfinity },
        { "StudentT(3, 0, 1)", double.NegativeInfinity, double.NegativeInfinity },
    };

    [Theory]
    [MemberData(nameof(ScipyLogPdf))]
    public void TheLogDensityMatchesScipyAtTheEnds(string distribution, double x, double expected)
    {
        // Failed before the fix at every closed end: Exponential(2.5).LogProb(0) was −∞ (SciPy: log 2.5), and so on.
        double actual = Distributions[distribution].LogProb(x).Value;
        Assert.True(expected.Equals(actual) || Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected),
            $"{distribution}.LogProb({x:R}) = {actual:R}, SciPy {expected:R}");
        // A point SciPy gives positive density lies in the support; a point beyond an end does not.
        var support = Distributions[distribution].Support;
        if (expected > double.NegativeInfinity) Assert.True(support.Contains(x), $"{support.Name} should contain {x:R}");
        if (!(x >= support.Lower && x <= support.Upper) || double.IsInfinity(x)) Assert.False(support.Contains(x), $"{support.Name} should not contain {x:R}");
    }

    [Theory]
    [InlineData("Exponential(2.5)", true, false)]
    [InlineData("HalfNormal(2.5)", true, false)]
    [InlineData("HalfCauchy(5)", true, false)]
    [InlineData("Gamma(2.5, 2)", true, false)]
    [InlineData("Weibull(3, 2)", true, false)]
    [InlineData("ChiSquared(5)", true, false)]
    [InlineData("Beta(2, 3)", true, true)]
    [InlineData("Uniform(-3, 5)", true, true)]
    [InlineData("Truncated(Normal(0, 1), -1, 2)", true, true)]
    [InlineData("LogNormal(0, 1)", false, false)]   // log x: the density's formula is undefined at 0 (its limit is 0)
    [InlineData("InverseGamma(2, 1)", false, false)] // 1/x: likewise
    public void ClosedEndsAreInTheSupportAndOpenEndsAreNot(string distribution, bool lowerClosed, bool upperClosed)
    {
        var support = Distributions[distribution].Support;
        Assert.Equal(lowerClosed, support.Contains(support.Lower));
        Assert.Equal(upperClosed, support.Contains(support.Upper));
        Assert.False(support.Contains(Math.BitDecrement(support.Lower)));
        Assert.False(support.Contains(Math.BitIncrement(support.Upper)));
    }

    [Theory]
    [InlineData("Exponential(2.5)")]
    [InlineData("Beta(2, 3)")]
    [InlineData("Uniform(-3, 5)")]
    [InlineData("Truncated(Normal(0, 1), -1, 2)")]
    public void TheBijectorMapsOntoTheInteriorAndRefusesAClosedEnd(string distribution)
    {
        // NUTS and VI work on ℝ through the support's bijector: every image lies in the support, interior points
        // round-trip, and an end (which no real number maps to) is a clear error rather than an infinite coordinate.
        var support = Distributions[distribution].Support;
        var bijector = support.Bijector;
        foreach (double u in new[] { -30.0, -1.0, 0.0, 2.0, 30.0 })
        {
            var x = new Real[1];
            bijector.Forward([new Real(u)], x);
            Assert.True(support.Contains(x[0].Value), $"T({u}) = {x[0].Value} is outside {support.Name}");
            var back = new double[1];
            if (x[0].Value > support.Lower && x[0].Value < support.Upper && Math.Abs(u) < 20)
            {
                bijector.Inverse([x[0].Value], back);
                Assert.Equal(u, back[0], 1e-9);
            }
        }
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => bijector.Inverse([support.Lower], new double[1]));
        Assert.Contains("an end of (or outside) the support", e.Message);
    }

    [Fact]
    public void AnInitialValueAtAClosedEndIsAClearError()
    {
        // Before closed supports, 0 was "outside the support"; now it is inside but has no unconstrained image.
        var model = from tau in Sample("tau", HalfCauchy(5))
                    from _ in Observe(Normal(0, tau + 1), 0.3)
                    select tau;
        var density = ModelDensity<Real>.Create(model);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => density.Unconstrain(ChoiceMap.Of(("tau", (Real)0.0))));
        Assert.Contains("0", e.Message);
        Assert.Single(density.Unconstrain(ChoiceMap.Of(("tau", (Real)1.0))));
    }

    [Fact]
    public void TheDensityAtAClosedEndHasItsGradient()
    {
        // Exponential(λ) at 0: log λ, ∂/∂λ = 1/λ; Gamma(1, β) at 0: log β, ∂/∂β = 1/β (a finite limit keeps its partials).
        var (value, gradient) = Probabilistic.Numerics.Tape.ValueAndGradient(v => Exponential(v[0]).LogProb(0.0) + Gamma(1.0, v[1]).LogProb(0.0), [2.5, 2.0]);
        Assert.Equal(Math.Log(2.5) + Math.Log(2.0), value, 1e-14);
        Assert.Equal(1 / 2.5, gradient[0], 1e-14);
        Assert.Equal(1 / 2.0, gradient[1], 1e-14);
    }
}
