using Probabilistic.Inference.Variational;
using Xunit;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>
/// <see cref="LaplaceOptions"/> are checked once, where <see cref="AutoLaplace.Fit{T}"/> starts and before the model runs:
/// a bad one is an <see cref="ArgumentOutOfRangeException"/> naming the option (parameter name; it was "options") and its value.
/// </summary>
public class LaplaceOptionsTests
{
    // Running this model at all fails ("no unobserved continuous choice"): an option error proves the options were checked first.
    private static readonly Model<Real> NothingToFit = Return((Real)1.0);

    [Theory]
    [InlineData(nameof(LaplaceOptions.MaxIterations), 0)]
    [InlineData(nameof(LaplaceOptions.MaxIterations), -3)]
    [InlineData(nameof(LaplaceOptions.GradientTolerance), 0.0)]
    [InlineData(nameof(LaplaceOptions.GradientTolerance), double.NaN)]
    [InlineData(nameof(LaplaceOptions.GradientTolerance), double.PositiveInfinity)]
    public void ABadOptionIsNamedWithItsValueBeforeTheModelRuns(string name, object value)
    {
        var o = value is int i ? new LaplaceOptions { MaxIterations = i } : new LaplaceOptions { GradientTolerance = (double)value };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AutoLaplace.Fit(NothingToFit, options: o));
        Assert.Equal(name, e.ParamName);
        Assert.Equal(value, e.ActualValue);
        Assert.StartsWith($"AutoLaplace: {name} must be ", e.Message);
        Assert.Contains($"but is {value}", e.Message);
    }
}
