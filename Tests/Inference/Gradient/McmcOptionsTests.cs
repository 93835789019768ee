using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>
/// The run settings NUTS, HMC and Gibbs share (<see cref="McmcOptions"/>): declared once, set the same way on each entry
/// point's options, and checked once where the entry point starts, before the model runs: a bad one is an
/// <see cref="ArgumentOutOfRangeException"/> naming the option (parameter name), its value, and the entry point.
/// </summary>
public class McmcOptionsTests
{
    // Running this model at all fails ("no unobserved continuous choice"): an option error proves the options were checked first.
    private static readonly Model<Real> NothingToSample = Return((Real)1.0);

    private static readonly Model<Real> Mixed =
        from z in Sample("z", Bernoulli(0.5))
        from x in Sample("x", Normal(z ? 1 : -1, 1))
        select x;

    public static TheoryData<string, object> BadRunSettings => new()
    {
        { nameof(McmcOptions.Chains), 0 },
        { nameof(McmcOptions.Warmup), -1 },
        { nameof(McmcOptions.Draws), 0 },
        { nameof(McmcOptions.Thin), 0 },
        { nameof(McmcOptions.MaxDegreeOfParallelism), 0 },
    };

    private static T With<T>(T options, string name, int value) where T : McmcOptions => name switch
    {
        nameof(McmcOptions.Chains) => options with { Chains = value },
        nameof(McmcOptions.Warmup) => options with { Warmup = value },
        nameof(McmcOptions.Draws) => options with { Draws = value },
        nameof(McmcOptions.Thin) => options with { Thin = value },
        _ => options with { MaxDegreeOfParallelism = value },
    };

    private static void AssertNamed(ArgumentOutOfRangeException e, string algorithm, string name, object value)
    {
        Assert.Equal(name, e.ParamName);
        Assert.Equal(value, e.ActualValue);
        Assert.StartsWith($"{algorithm}: {name} must be ", e.Message);
        Assert.Contains($"but is {value}", e.Message);
    }

    [Theory]
    [MemberData(nameof(BadRunSettings))]
    public void NutsNamesABadRunSettingBeforeRunningTheModel(string name, object value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Nuts(NothingToSample, options: With(new NutsOptions(), name, (int)value)));
        AssertNamed(e, "Nuts", name, value);
    }

    [Theory]
    [MemberData(nameof(BadRunSettings))]
    public void HmcNamesABadRunSettingBeforeRunningTheModel(string name, object value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Hmc(NothingToSample, options: With(new HmcOptions(), name, (int)value)));
        AssertNamed(e, "Hmc", name, value);
    }

    [Theory]
    [MemberData(nameof(BadRunSettings))]
    public void GibbsNamesABadRunSettingBeforeRunningTheModel(string name, object value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Gibbs(NothingToSample, options: With(new GibbsOptions(), name, (int)value)));
        AssertNamed(e, "Gibbs", name, value);
    }

    /// <summary>NUTS on a density (no model) checks its options where it starts too.</summary>
    [Fact]
    public void NutsOnADensityNamesABadRunSetting()
    {
        var target = ModelDensity<Real>.Create(Sample("x", Normal(0, 1)));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Nuts(target, new NutsOptions { Draws = 0 }));
        AssertNamed(e, "Nuts", nameof(McmcOptions.Draws), 0);
    }

    /// <summary>The shared settings are one declaration: the same names and CmdStan defaults on every MCMC entry point's options.</summary>
    [Fact]
    public void EveryEntryPointHasTheSameRunSettingsAndDefaults()
    {
        McmcOptions[] all = [new NutsOptions(), new HmcOptions(), new GibbsOptions()];
        foreach (var o in all)
        {
            Assert.Equal((4, 1000, 1000, 1, 1UL), (o.Chains, o.Warmup, o.Draws, o.Thin, o.Seed));
            Assert.Null(o.InitialValues);
        }
        var gibbs = Infer.Gibbs(Mixed, options: new GibbsOptions { Chains = 2, Warmup = 20, Draws = 5, Thin = 2, Seed = 3 });
        Assert.Equal((2, 5), (gibbs.Chains, gibbs.Draws));
    }
}
