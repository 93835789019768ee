using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Distributions.Combinators;

public sealed class DeltaTests
{
    [Fact]
    public void All_mass_is_at_the_point()
    {
        var d = new Delta(2.5);
        Assert.Equal(0.0, d.LogProb(2.5).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(2.5000000000000004).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(-1).Value);
        Assert.Equal(1.0, d.EnumerateSupport().Sum(x => Math.Exp(d.LogProb(x).Value)), 12);
        Assert.Equal([2.5], d.EnumerateSupport().Select(x => x.Value));
        Assert.True(d.Support.IsDiscrete);
        Assert.True(d.Support.Contains(2.5));
        Assert.False(d.Support.Contains(2.4));
    }

    [Fact]
    public void Draws_are_the_point_with_mean_v_and_variance_zero()
    {
        var d = new Delta(-7.25);
        var rng = new Rng(81);
        for (int i = 0; i < 1000; i++) Assert.Equal(-7.25, d.Sample(rng).Value);
        Assert.Equal(-7.25, d.Mean);
        Assert.Equal(0.0, d.Variance);
    }

    [Fact]
    public void Rsample_passes_the_gradient_to_the_point()
    {
        var tape = new Tape();
        var v = tape.Variable(1.5);
        var x = new Delta(v).Rsample(new Rng(1));
        var y = x * x;
        tape.Gradient(y);
        Assert.Equal(3.0, tape.Adjoint(v));
        Assert.True(new Delta(v).Sample(new Rng(1)).IsConstant);
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new Delta(double.NaN));
        Assert.Equal("value", e.ParamName);
        Assert.Contains("Delta", e.Message);
        Assert.Contains("NaN", e.Message);
    }
}
