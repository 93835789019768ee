using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>
/// The HMC/NUTS tuning (<see cref="HamiltonianOptions"/>) is checked once, where the entry point starts and before the
/// model runs: a bad setting is an <see cref="ArgumentOutOfRangeException"/> naming the option, its value and the entry
/// point that checked it (Gibbs for its continuous kernel); Pathfinder's options for initialization are checked there too.
/// </summary>
public class HamiltonianOptionsTests
{
    // Running this model at all fails ("no unobserved continuous choice"): an option error proves the options were checked first.
    private static readonly Model<Real> NothingToSample = Return((Real)1.0);

    public static TheoryData<string, object> BadTuning => new()
    {
        { nameof(HamiltonianOptions.TargetAcceptance), 1.0 },
        { nameof(HamiltonianOptions.TargetAcceptance), 0.0 },
        { nameof(HamiltonianOptions.StepSize), double.NaN },
        { nameof(HamiltonianOptions.StepSize), -1.0 },
        { nameof(HamiltonianOptions.InitBuffer), -1 },
        { nameof(HamiltonianOptions.TermBuffer), -1 },
        { nameof(HamiltonianOptions.Window), 0 },
        { nameof(HamiltonianOptions.InitRadius), double.PositiveInfinity },
        { nameof(HamiltonianOptions.InitAttempts), 0 },
    };

    private static T With<T>(T o, string name, object value) where T : HamiltonianOptions => name switch
    {
        nameof(HamiltonianOptions.TargetAcceptance) => o with { TargetAcceptance = (double)value },
        nameof(HamiltonianOptions.StepSize) => o with { StepSize = (double)value },
        nameof(HamiltonianOptions.InitBuffer) => o with { InitBuffer = (int)value },
        nameof(HamiltonianOptions.TermBuffer) => o with { TermBuffer = (int)value },
        nameof(HamiltonianOptions.Window) => o with { Window = (int)value },
        nameof(HamiltonianOptions.InitRadius) => o with { InitRadius = (double)value },
        _ => o with { InitAttempts = (int)value },
    };

    private static void AssertNamed(ArgumentOutOfRangeException e, string algorithm, string name, object value)
    {
        Assert.Equal(name, e.ParamName);
        Assert.Equal(value, e.ActualValue);
        Assert.StartsWith($"{algorithm}: {name} must be ", e.Message);
        Assert.Contains($"but is {value}", e.Message);
    }

    [Theory]
    [MemberData(nameof(BadTuning))]
    public void NutsHmcAndGibbsNameABadTuningSetting(string name, object value)
    {
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Nuts(NothingToSample, options: With(new NutsOptions(), name, value))), "Nuts", name, value);
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Hmc(NothingToSample, options: With(new HmcOptions(), name, value))), "Hmc", name, value);
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Gibbs(NothingToSample, options: new GibbsOptions { Continuous = With(new NutsOptions(), name, value) })),
            "Gibbs", name, value);
    }

    [Fact]
    public void TheTransitionsOwnSettingsAreNamed()
    {
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Nuts(NothingToSample, options: new NutsOptions { MaxTreeDepth = 0 })),
            "Nuts", nameof(NutsOptions.MaxTreeDepth), 0);
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Hmc(NothingToSample, options: new HmcOptions { IntegrationTime = -1.0 })),
            "Hmc", nameof(HmcOptions.IntegrationTime), -1.0);
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Gibbs(NothingToSample, options: new GibbsOptions { Continuous = new HmcOptions { IntegrationTime = double.NaN } })),
            "Gibbs", nameof(HmcOptions.IntegrationTime), double.NaN);
    }

    /// <summary>Pathfinder's options for initialization are checked with NUTS's, before the model runs (they were checked
    /// only once Pathfinder started, after the density had been built).</summary>
    [Fact]
    public void PathfinderOptionsForInitializationAreCheckedWhereNutsStarts()
    {
        var o = new NutsOptions { Pathfinder = new PathfinderInit { Options = new PathfinderOptions { HistorySize = 0 } } };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Nuts(NothingToSample, options: o));
        Assert.Equal(nameof(PathfinderOptions.HistorySize), e.ParamName);
        Assert.Equal(0, e.ActualValue);
        Assert.StartsWith("Pathfinder: HistorySize must be positive", e.Message);
    }

    [Fact]
    public void InitialValuesWithPathfinderIsAnArgumentErrorBeforeTheModelRuns()
    {
        var o = new HmcOptions { InitialValues = ChoiceMap.Of(("x", 0.5)), Pathfinder = PathfinderInit.Default };
        var e = Assert.Throws<ArgumentException>(() => Infer.Hmc(NothingToSample, options: o));
        Assert.Equal(nameof(HamiltonianOptions.Pathfinder), e.ParamName);
        Assert.StartsWith("Hmc: both InitialValues and Pathfinder are set", e.Message);
    }
}
