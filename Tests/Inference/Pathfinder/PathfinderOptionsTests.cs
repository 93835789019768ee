using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Inference.Pathfinder;

/// <summary>
/// Pathfinder's options are checked once, where <c>Infer.Pathfinder</c> starts and before the model runs: a bad one is an
/// <see cref="ArgumentOutOfRangeException"/> naming the option (parameter name) and its value.
/// </summary>
public class PathfinderOptionsTests
{
    // Running this model at all fails ("no unobserved continuous choice"): an option error proves the options were checked first.
    private static readonly Model<Real> NothingToSample = Return((Real)1.0);

    public static TheoryData<string, object> BadOptions => new()
    {
        { nameof(PathfinderOptions.HistorySize), 0 },
        { nameof(PathfinderOptions.NumPaths), 0 },
        { nameof(PathfinderOptions.NumDraws), 0 },
        { nameof(PathfinderOptions.NumPsisDraws), 0 },
        { nameof(PathfinderOptions.NumElboDraws), 0 },
        { nameof(PathfinderOptions.MaxLbfgsIters), 0 },
        { nameof(PathfinderOptions.InitAlpha), double.PositiveInfinity },
        { nameof(PathfinderOptions.TolObj), -1.0 },
        { nameof(PathfinderOptions.TolRelObj), -1.0 },
        { nameof(PathfinderOptions.TolGrad), -1.0 },
        { nameof(PathfinderOptions.TolRelGrad), -1.0 },
        { nameof(PathfinderOptions.TolParam), -1.0 },
        { nameof(PathfinderOptions.InitRadius), double.NaN },
        { nameof(PathfinderOptions.InitAttempts), 0 },
        { nameof(PathfinderOptions.MaxDegreeOfParallelism), 0 },
    };

    private static PathfinderOptions With(string name, object value)
    {
        var o = new PathfinderOptions();
        return name switch
        {
            nameof(PathfinderOptions.HistorySize) => o with { HistorySize = (int)value },
            nameof(PathfinderOptions.NumPaths) => o with { NumPaths = (int)value },
            nameof(PathfinderOptions.NumDraws) => o with { NumDraws = (int)value },
            nameof(PathfinderOptions.NumPsisDraws) => o with { NumPsisDraws = (int)value },
            nameof(PathfinderOptions.NumElboDraws) => o with { NumElboDraws = (int)value },
            nameof(PathfinderOptions.MaxLbfgsIters) => o with { MaxLbfgsIters = (int)value },
            nameof(PathfinderOptions.InitAlpha) => o with { InitAlpha = (double)value },
            nameof(PathfinderOptions.TolObj) => o with { TolObj = (double)value },
            nameof(PathfinderOptions.TolRelObj) => o with { TolRelObj = (double)value },
            nameof(PathfinderOptions.TolGrad) => o with { TolGrad = (double)value },
            nameof(PathfinderOptions.TolRelGrad) => o with { TolRelGrad = (double)value },
            nameof(PathfinderOptions.TolParam) => o with { TolParam = (double)value },
            nameof(PathfinderOptions.InitRadius) => o with { InitRadius = (double)value },
            nameof(PathfinderOptions.InitAttempts) => o with { InitAttempts = (int)value },
            _ => o with { MaxDegreeOfParallelism = (int)value },
        };
    }

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void ABadOptionIsNamedWithItsValueBeforeTheModelRuns(string name, object value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Pathfinder(NothingToSample, options: With(name, value)));
        Assert.Equal(name, e.ParamName);
        Assert.Equal(value, e.ActualValue);
        Assert.StartsWith($"Pathfinder: {name} must be ", e.Message);
        Assert.Contains($"but is {value}", e.Message);
    }
}
