using Xunit;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Distributions.Discrete;

/// <summary>PoissonLog and BinomialLogit equal Poisson(e^η) and Binomial(n, σ(α)) where those are accurate, and stay finite where they are not.</summary>
public class LinkParameterizationTests
{
    [Theory]
    [InlineData(-2.0, 0)]
    [InlineData(0.3, 4)]
    [InlineData(3.1, 25)]
    public void PoissonLog_equals_Poisson_of_the_exponential(double eta, int k)
    {
        var (value, derivative, _) = Numerics.TapeDerivative.Of(e => PoissonLog(e).LogProb(k), eta);
        var (expected, dLambda, _) = Numerics.TapeDerivative.Of(e => Poisson(RealMath.Exp(e)).LogProb(k), eta);
        Assert.Equal(expected, value, 1e-12);
        Assert.Equal(dLambda, derivative, 1e-12);
        Assert.Equal(Math.Exp(eta), PoissonLog(eta).Mean, 1e-12);
    }

    [Theory]
    [InlineData(-1.5, 10, 2)]
    [InlineData(0.4, 5, 5)]
    [InlineData(2.0, 8, 0)]
    public void BinomialLogit_equals_Binomial_of_the_logistic(double alpha, int n, int k)
    {
        var (value, derivative, _) = Numerics.TapeDerivative.Of(a => BinomialLogit(n, a).LogProb(k), alpha);
        var (expected, dP, _) = Numerics.TapeDerivative.Of(a => Binomial(n, RealMath.Logistic(a)).LogProb(k), alpha);
        Assert.Equal(expected, value, 1e-12);
        Assert.Equal(dP, derivative, 1e-10);
    }

    [Fact]
    public void BinomialLogit_stays_finite_where_the_probability_rounds_to_one()
    {
        // σ(40) rounds to 1, so Binomial(5, σ(40)) gives −∞ for k = 4; the logit form gives log 5 + 4 log σ(40) + log σ(−40) ≈ log 5 − 40.
        var d = BinomialLogit(5, 40.0);
        Assert.Equal(Math.Log(5) - 40, d.LogProb(4).Value, 1e-9);
        Assert.Equal(6, d.EnumerateSupport().Count);
        Assert.Throws<ArgumentException>(() => BinomialLogit(5, double.NaN));
        Assert.Throws<ArgumentException>(() => PoissonLog(710.0));
    }
}
