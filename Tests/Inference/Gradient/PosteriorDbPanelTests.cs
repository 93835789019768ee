using Probabilistic.Examples;
using Probabilistic.Examples.Gallery;
using Probabilistic.Examples.Gallery.PosteriorDb;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Probabilistic.Tests.Data;
using Xunit;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>
/// The posteriordb panel (<see cref="PosteriorDbPanel"/>): every model's density compiles on the tape, and NUTS on the
/// ten posteriors not covered by <see cref="PosteriorDbTests"/> matches posteriordb's reference posterior.
/// </summary>
/// <remarks>
/// The reference check is <see cref="PosteriorDbTests.AssertMatchesReference"/>: each mean within 4 standard errors
/// (our MCSE from our chains' ESS combined with the reference's sd/√10000), each sd within 10% of the reference's and
/// every R-hat under 1.01. Each run has 4 chains of Stan's default 1,000 warmup iterations and 1,000 draws (sblri 2,000: see its test), with the
/// reference's own <c>adapt_delta</c> and <c>max_treedepth</c> (reference_info.json).
/// <para>The sd bound is the binding one, and it needs an effective sample size: for a near-normal marginal the relative
/// standard error of a sample sd is about 1/√(2 ESS), so with a bulk ESS of at least 800 it is under 2.5% and a 10% miss
/// is a 4σ event (6e-5 per parameter). Each test therefore first requires that premise, min bulk ESS ≥ 800 over the
/// reference's parameters, so a run too short for the bound fails as such instead of passing by luck. R-hat's sampling
/// spread at that ESS is about 0.0025 (Vehtari et al. 2021, §4), which puts 1.01 about 4σ above 1. The mean's bound is
/// in MCSE units, which scale with the ESS already.</para>
/// <para>Two posteriors are nearly degenerate along one direction for a diagonal metric: earnings (height is not
/// centred, so the intercept and the height slopes correlate at about −0.99) and kilpisjärvi (the year is not centred:
/// α and β correlate at about −0.9999, the reason posteriordb raised max_treedepth to 15). With Stan's default diagonal
/// metric their ESS per draw is about 0.1 and the trees are deep, so 1,000 draws reach neither the ESS premise nor the
/// time budget; they run with the dense metric (Stan's <c>metric = "dense_e"</c>), which checks the same posterior.
/// Measured: this class with <see cref="PosteriorDbTests"/> (29 tests) took 1 min 49 s of CPU in Debug.</para>
/// </remarks>
public class PosteriorDbPanelTests
{
    [Theory]
    [MemberData(nameof(Names))]
    public void DensityCompilesOnTheTape(string posterior)
    {
        var model = PosteriorDbPanel.Find(posterior).Build(PosteriorDbData.Load(posterior));
        var density = ModelDensity<Real[]>.Create(model, seed: 1, generatedGradient: false); // the tape (a model may have a generated gradient)
        var theta = new double[density.Dimension];
        var gradient = new double[density.Dimension];
        for (int i = 0; i < theta.Length; i++) theta[i] = 0.1 * (i % 3) - 0.1;
        // Two evaluations: the first records and compiles the tape, the second replays it.
        double first = density.LogDensityGradient(theta, gradient);
        double second = density.LogDensityGradient(theta, gradient);
        Assert.True(double.IsFinite(first), $"{posterior}: log density {first} at the test point");
        Assert.True(density.Compiled, $"{posterior}: not compiled: {density.CompileFailure}");
        Assert.Equal(first, second, 9);
        Assert.True(density.Counts.Replays >= 1, $"{posterior}: no evaluation replayed the compiled tape");
    }

    /// <summary>Every posterior of the panel.</summary>
    public static TheoryData<string> Names() => new(PosteriorDbPanel.Posteriors.Select(p => p.Name));

    [Fact]
    public void DataEntriesThatAreMissingOrMistypedAreNamed()
    {
        var data = PosteriorDbData.Load("arma-arma11");
        Assert.Equal(200, data.Int("T"));
        var missing = Assert.Throws<ExampleInputException>(() => data.Vector("x"));
        Assert.Contains("'x' is missing", missing.Message);
        Assert.Contains("arma-arma11", missing.Message);
        var mistyped = Assert.Throws<ExampleInputException>(() => data.Vector("T"));
        Assert.Contains("'T'", mistyped.Message);
        Assert.Throws<ArgumentException>(() => PosteriorDbPanel.Find("no-such-posterior"));
    }

    private static Posterior Run(string posterior, ulong seed, MetricKind metric = MetricKind.Diagonal, int draws = 1000)
    {
        var control = RepositoryData.PosteriorDb(posterior, "reference_info.json").GetProperty("inference").GetProperty("method_arguments").GetProperty("control");
        var options = new NutsOptions
        {
            Chains = 4,
            Warmup = 1000,
            Draws = draws,
            Metric = metric,
            Seed = seed,
            TargetAcceptance = control.GetProperty("adapt_delta").GetDouble(),
            MaxTreeDepth = control.TryGetProperty("max_treedepth", out var depth) ? depth.GetInt32() : 10,
        };
        var posteriorDraws = Infer.Nuts(PosteriorDbPanel.Find(posterior).Build(PosteriorDbData.Load(posterior)), options: options);
        Assert.Null(posteriorDraws.SamplerDiagnostics.CompileFailure);
        return posteriorDraws;
    }

    /// <summary>The premise of the sd bound (see the class remarks): min bulk ESS ≥ 800 over the reference's parameters.</summary>
    private static void AssertEnoughDraws(string posterior, Func<string, double[][]> chains)
    {
        foreach (var p in RepositoryData.PosteriorDb(posterior, "reference.json").GetProperty("params").EnumerateObject())
        {
            double ess = ConvergenceDiagnostics.EssBulk(chains(p.Name));
            Assert.True(ess >= 800, $"{posterior} {p.Name}: bulk ESS {ess:F0} < 800, too few for the 10% sd bound");
        }
    }

    private static void Check(string posterior, ulong seed, MetricKind metric = MetricKind.Diagonal, int draws = 1000)
    {
        var posteriorDraws = Run(posterior, seed, metric, draws);
        AssertEnoughDraws(posterior, posteriorDraws.Chain);
        PosteriorDbTests.AssertMatchesReference(posterior, posteriorDraws.Chain);
    }

    [Fact] public void Arma11() => Check("arma-arma11", 21);

    [Fact] public void EarningsLogInteraction() => Check("earnings-logearn_interaction", 22, MetricKind.Dense);

    [Fact]
    public void Garch11()
    {
        var draws = Run("garch-garch11", 23);
        // β₁ = (1 − α₁) u is Stan's transform of its parameter-dependent bounds (GarchModel): computed per draw.
        double[][] Beta1()
        {
            var alpha1 = draws.Chain("alpha1");
            var u = draws.Chain("beta1_unit");
            return alpha1.Select((a, c) => a.Select((v, d) => (1 - v) * u[c][d]).ToArray()).ToArray();
        }
        Func<string, double[][]> chains = name => name == "beta1" ? Beta1() : draws.Chain(name);
        AssertEnoughDraws("garch-garch11", chains);
        PosteriorDbTests.AssertMatchesReference("garch-garch11", chains);
    }

    [Fact] public void HmmExample() => Check("hmm_example-hmm_example", 24);

    [Fact] public void KidiqMomHsIq() => Check("kidiq-kidscore_momhsiq", 25);

    [Fact] public void Kilpisjarvi() => Check("kilpisjarvi_mod-kilpisjarvi", 26, MetricKind.Dense);

    [Fact] public void LowDimGaussMix() => Check("low_dim_gauss_mix-low_dim_gauss_mix", 27);

    [Fact] public void MesquiteLogVash() => Check("mesquite-logmesquite_logvash", 28);

    [Fact] public void Nes2000() => Check("nes2000-nes", 29);

    /// <summary>
    /// sblri's σ mixes slowly: with 1,000 draws per chain its bulk ESS met the ESS ≥ 800 premise on one stream and measured
    /// 613 of 4,000 draws (0.15 per draw) on another (the ziggurat normal in place of the polar method). At that rate 2,000
    /// draws per chain give an expected bulk ESS of 1,200, 1.5× the premise (the estimate would have to fall
    /// by a third to miss it): the premise holds by construction rather than by the stream.
    /// </summary>
    [Fact] public void SblriIndependentDesign() => Check("sblri-blr", 30, draws: 2000);
}
