using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Numerics;

/// <summary>The stable functions at inputs where the naive formulas overflow or lose every digit.</summary>
public sealed class StableFunctionTests
{
    [Fact]
    public void Softplus_is_exact_at_large_magnitudes()
    {
        Assert.Equal(1000.0, RealMath.Softplus(1000).Value);
        Assert.Equal(0.0, RealMath.Softplus(-1000).Value);
        Assert.Equal(Math.Exp(-40), RealMath.Softplus(-40).Value, 1e-30);
        var (_, d, _) = TapeDerivative.Of(RealMath.Softplus, 1000);
        Assert.Equal(1.0, d);
        (_, d, _) = TapeDerivative.Of(RealMath.Softplus, -1000);
        Assert.Equal(0.0, d);
    }

    [Fact]
    public void LogLogistic_is_exact_at_large_magnitudes()
    {
        Assert.Equal(-1000.0, RealMath.LogLogistic(-1000).Value);
        Assert.Equal(0.0, RealMath.LogLogistic(1000).Value);
        // log σ(40) = −log(1 + e⁻⁴⁰) = −e⁻⁴⁰ to within e⁻⁸⁰: relative accuracy where 1 − σ rounds to 0.
        Assert.Equal(-Math.Exp(-40), RealMath.LogLogistic(40).Value, 1e-30);
        var (_, d, _) = TapeDerivative.Of(RealMath.LogLogistic, -1000);
        Assert.Equal(1.0, d);
        (_, d, _) = TapeDerivative.Of(RealMath.LogLogistic, 1000);
        Assert.Equal(0.0, d);
    }

    [Fact]
    public void Logistic_saturates_without_NaN()
    {
        var (v, d, _) = TapeDerivative.Of(RealMath.Logistic, 1000);
        Assert.Equal((1.0, 0.0), (v, d));
        (v, d, _) = TapeDerivative.Of(RealMath.Logistic, -1000);
        Assert.Equal((0.0, 0.0), (v, d));
        // σ(−40) = e⁻⁴⁰/(1 + e⁻⁴⁰) keeps its relative accuracy; so does σ′(40) = σ(40)σ(−40).
        (v, d, _) = TapeDerivative.Of(RealMath.Logistic, -40);
        Assert.Equal(Math.Exp(-40), v, Math.Exp(-40) * 1e-14);
        (_, d, _) = TapeDerivative.Of(RealMath.Logistic, 40);
        Assert.Equal(Math.Exp(-40), d, Math.Exp(-40) * 1e-14);
    }

    [Fact]
    public void LogSumExp_of_large_values_does_not_overflow()
    {
        Assert.Equal(1000 + Math.Log(2), RealMath.LogSumExp(1000, 1000).Value, 1e-12);
        Assert.Equal(-1000 + Math.Log(2), RealMath.LogSumExp(-1000, -1000).Value, 1e-12);
        Assert.Equal(1000.0, RealMath.LogSumExp(1000, -1000).Value);
        Assert.Equal(1000 + Math.Log(3), RealMath.LogSumExp([1000, 1000, 1000]).Value, 1e-12);
        var tape = new Tape();
        var xs = tape.Variables([1000, 999, double.NegativeInfinity]);
        var y = RealMath.LogSumExp(xs);
        double log = Math.Log(1 + Math.Exp(-1));
        Assert.Equal(1000 + log, y.Value, 1e-12);
        tape.Gradient(y);
        Assert.Equal(1 / (1 + Math.Exp(-1)), tape.Adjoint(xs[0]), 1e-15);
        Assert.Equal(Math.Exp(-1) / (1 + Math.Exp(-1)), tape.Adjoint(xs[1]), 1e-15);
        Assert.Equal(0.0, tape.Adjoint(xs[2]));
    }

    [Fact]
    public void LogSumExp_of_infinities_has_the_limit_values()
    {
        Assert.Equal(double.NegativeInfinity, RealMath.LogSumExp(double.NegativeInfinity, double.NegativeInfinity).Value);
        Assert.Equal(double.PositiveInfinity, RealMath.LogSumExp(double.PositiveInfinity, 3).Value);
        Assert.Equal(double.NegativeInfinity, RealMath.LogSumExp([double.NegativeInfinity, double.NegativeInfinity]).Value);
        Assert.Equal(double.NegativeInfinity, RealMath.LogSumExp(ReadOnlySpan<Real>.Empty).Value);
        Assert.True(double.IsNaN(RealMath.LogSumExp(double.NaN, 3).Value));
        Assert.True(double.IsNaN(RealMath.LogSumExp(3, double.NaN).Value));
        Assert.True(double.IsNaN(RealMath.LogSumExp([1, double.NaN, 2]).Value));
        // Log-weights of impossible particles: −∞ everywhere except one finite value.
        var (v, da, db, _) = TapeDerivative.Of(RealMath.LogSumExp, double.NegativeInfinity, -5);
        Assert.Equal((-5.0, 0.0, 1.0), (v, da, db));
    }

    [Fact]
    public void Log1p_and_Expm1_keep_tiny_arguments()
    {
        Assert.Equal(1e-20, RealMath.Log1p(1e-20).Value);
        Assert.Equal(1e-20, RealMath.Expm1(1e-20).Value);
        Assert.Equal(-1.0, RealMath.Expm1(-1000).Value);
    }
}
