using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>Gibbs: exact conditional enumeration for discrete choices alternating with NUTS for continuous ones.</summary>
public class GibbsTests
{
    /// <summary>
    /// z ~ Bernoulli(0.3), x ~ Normal(z ? 2 : −2, 1), y = 0.5 observed from Normal(x, 1). Exactly: y | z ~ Normal(±2, √2),
    /// so P(z = 1 | y) = 0.3 φ(y; 2, √2) / (0.3 φ(y; 2, √2) + 0.7 φ(y; −2, √2)), and E[x | y, z] = (m_z + y)/2.
    /// Gibbs estimates both within 4.5 MCSE (two checks: a false failure has probability about 1e-5).
    /// </summary>
    [Fact]
    public void MatchesTheExactPosteriorOfAMixedModel()
    {
        const double y = 0.5;
        var model = from z in Sample("z", Bernoulli(0.3))
                    from x in Sample("x", Normal(z ? 2 : -2, 1))
                    from _ in Observe("y", Normal(x, 1), (Real)y)
                    select x;
        var posterior = Infer.Gibbs(model, options: new GibbsOptions { Chains = 4, Warmup = 500, Draws = 2000, Seed = 21 });
        double Phi(double v, double m) => Math.Exp(-(v - m) * (v - m) / 4);
        double p1 = 0.3 * Phi(y, 2) / (0.3 * Phi(y, 2) + 0.7 * Phi(y, -2));
        double ex = p1 * (2 + y) / 2 + (1 - p1) * (-2 + y) / 2;
        var zs = posterior.Chain("z");
        var xs = posterior.Chain("x");
        Assert.True(Math.Abs(zs.SelectMany(c => c).Average() - p1) <= 4.5 * ConvergenceDiagnostics.McseMean(zs), $"P(z = 1 | y): {zs.SelectMany(c => c).Average()} vs exact {p1}");
        Assert.True(Math.Abs(xs.SelectMany(c => c).Average() - ex) <= 4.5 * ConvergenceDiagnostics.McseMean(xs), $"E[x | y]: {xs.SelectMany(c => c).Average()} vs exact {ex}");
    }

    /// <summary>
    /// A two-component mixture with 40 points from Normal(−3, 1) (30%) and Normal(3, 1): the component means are
    /// recovered within 4 posterior sds (the posterior concentrates at the truth with sd ≈ 1/√n_k: n₁ ≈ 12, n₂ ≈ 28),
    /// and points more than 2 sds from the midpoint are assigned with posterior probability above 0.95 (their
    /// likelihood ratio is at least e^{2·3} ≈ 400 at the true parameters).
    /// </summary>
    [Fact]
    public void RecoversTheComponentsOfAGaussianMixture()
    {
        var y = GaussianMixtureModel.Simulate(40, 5);
        var posterior = Infer.Gibbs(GaussianMixtureModel.Model(y), options: new GibbsOptions { Chains = 2, Warmup = 300, Draws = 300, Seed = 22 });
        var mu1 = posterior["mu1"];
        double mu2Mean = posterior["mu1"].Zip(posterior["delta"], (a, b) => a + b).Average();
        Assert.True(Math.Abs(mu1.Average() - -3) <= 4 / Math.Sqrt(12), $"mu1 {mu1.Average()}");
        Assert.True(Math.Abs(mu2Mean - 3) <= 4 / Math.Sqrt(28), $"mu2 {mu2Mean}");
        Assert.True(ConvergenceDiagnostics.Rhat(posterior.Chain("mu1")) < 1.05, "the chains should agree");
        for (int i = 0; i < y.Length; i++)
        {
            double pHigh = posterior[$"z[{i + 1}]"].Average();
            if (y[i] < -2) Assert.True(pHigh < 0.05, $"y[{i}] = {y[i]}: P(z = 1) = {pHigh}");
            if (y[i] > 2) Assert.True(pHigh > 0.95, $"y[{i}] = {y[i]}: P(z = 1) = {pHigh}");
        }
    }

    /// <summary>
    /// A discrete value under which a distribution rejects its parameters (here Normal with σ = 0) has probability zero,
    /// as such a point is −∞ for the continuous kernel (<see cref="ModelDensity{T}"/>): it is never chosen, and the
    /// run does not stop. z ~ Bernoulli(1 − 10⁻⁶) starts at true, the only value with a positive density.
    /// </summary>
    [Fact]
    public void DiscreteValueUnderWhichADistributionRejectsItsParametersIsNeverChosen()
    {
        var model = from z in Sample("z", Bernoulli(1 - 1e-6))
                    from x in Sample("x", Normal(0, 1))
                    from _ in Observe("y", Normal(x, z ? 1.0 : 0.0), (Real)0.5)
                    select x;
        var posterior = Infer.Gibbs(model, options: new GibbsOptions { Chains = 2, Warmup = 20, Draws = 20, Seed = 3 });
        Assert.All(posterior["z"], z => Assert.Equal(1.0, z));
    }

    [Fact]
    public void DiscreteChoiceWithInfiniteSupportIsAnError()
    {
        var model = from k in Sample("k", Poisson(3))
                    from x in Sample("x", Normal(k, 1))
                    select x;
        var e = Assert.Throws<ModelException>(() => Infer.Gibbs(model, options: new GibbsOptions { Chains = 1, Warmup = 5, Draws = 5 }));
        Assert.Equal(Address.Of("k"), e.Address);
    }

    private static readonly Model<Real> Mixed =
        from z in Sample("z", Bernoulli(0.3))
        from x in Sample("x", Normal(z ? 1.0 : -1.0, 1))
        from _ in Observe("y", Normal(x, 1), (Real)0.5)
        select x;

    /// <summary>Impossible evidence (a datum outside its support) was a generic initialization error; it is named as impossible.</summary>
    [Fact]
    public void ImpossibleEvidenceIsNamed()
    {
        var model = from z in Sample("z", Bernoulli(0.5))
                    from p in Sample("p", Beta(z ? 2.0 : 3.0, 2))
                    from _ in Observe("y", Beta(p * 2, 1), (Real)1.5)
                    select p;
        var e = Assert.Throws<ModelException>(() => Infer.Gibbs(model, options: new GibbsOptions { Chains = 1, Warmup = 5, Draws = 5 }));
        Assert.Contains("evidence is impossible", e.Message);
        Assert.Contains("'y' = 1.5", e.Message);
        Assert.Contains("unit_interval", e.Message);
        Assert.Contains("z = ", e.Message);
    }

    /// <summary>
    /// The run's settings are top-level; the nested NUTS options keep the kernel's tuning. Both set differently is an
    /// error naming both; the nested one equal to the top-level one (or at its default) is accepted, and the top-level
    /// settings are the ones used.
    /// </summary>
    [Fact]
    public void RunSettingsAreTopLevelAndANestedConflictIsAnError()
    {
        var posterior = Infer.Gibbs(Mixed, options: new GibbsOptions { Chains = 3, Warmup = 10, Draws = 7, Thin = 2, Continuous = new NutsOptions { MaxTreeDepth = 3, Chains = 3 } });
        Assert.Equal(3, posterior.Chains);
        Assert.Equal(7, posterior.Draws);
        // The nested kernel tuning reaches the sampler: no transition's tree is deeper than 3.
        Assert.Equal(3, posterior.SamplerDiagnostics.MaxTreeDepth);
        var e = Assert.Throws<ArgumentException>(() => Infer.Gibbs(Mixed, options: new GibbsOptions { Draws = 50, Continuous = new NutsOptions { Draws = 20 } }));
        Assert.Equal("Continuous", e.ParamName);
        Assert.Contains("Continuous.Draws is 20 but GibbsOptions.Draws is 50", e.Message);
        var seeds = Assert.Throws<ArgumentException>(() => Infer.Gibbs(Mixed, options: new GibbsOptions { Continuous = new HmcOptions { Seed = 9 } }));
        Assert.Equal("Continuous", seeds.ParamName);
        Assert.Contains("Continuous.Seed is 9 but GibbsOptions.Seed is 1", seeds.Message);
    }

    /// <summary>Initial values name continuous and discrete choices; a misspelled one is an error naming the nearest.</summary>
    [Fact]
    public void InitialValuesStartBothBlocksAndUnknownAddressesAreErrors()
    {
        var init = ChoiceMap.Of(("z", (object)true), ("x", new Real(0.25)));
        var posterior = Infer.Gibbs(Mixed, options: new GibbsOptions { Chains = 1, Warmup = 0, Draws = 1, InitialValues = init, Continuous = new NutsOptions { Adapt = false, StepSize = 1e-9 } });
        Assert.Equal(0.25, posterior["x"][0], 4);
        var e = Assert.Throws<ModelException>(() => Infer.Gibbs(Mixed, options: new GibbsOptions { Chains = 1, Warmup = 2, Draws = 2, InitialValues = ChoiceMap.Of(("xx", new Real(0.25))) }));
        Assert.Contains("did you mean 'x'", e.Message);
    }

    private sealed class SynchronousProgress(Action<McmcProgress> report) : IProgress<McmcProgress>
    {
        public void Report(McmcProgress value) => report(value);
    }

    /// <summary>Cancelled after draws were kept, Gibbs throws with them as the partial result; cancelled before any (here: before starting), it throws a plain cancellation.</summary>
    [Fact]
    public void CancellationKeepsTheDrawsSoFarOrThrowsBeforeAny()
    {
        using var cts = new CancellationTokenSource();
        int seen = 0;
        var progress = new SynchronousProgress(r => { if (r.Phase == SamplerPhase.Sampling && ++seen == 12) cts.Cancel(); });
        var e = Assert.Throws<InferenceCanceledException<Posterior>>(() =>
            Infer.Gibbs(Mixed, options: new GibbsOptions { Chains = 1, Warmup = 10, Draws = 1000 }, progress: progress, cancellationToken: cts.Token));
        Assert.Equal(12, e.PartialResult!.Draws);
        Assert.Throws<OperationCanceledException>(() => Infer.Gibbs(Mixed, options: new GibbsOptions { Chains = 2, Warmup = 10, Draws = 10 }, cancellationToken: cts.Token));
    }
}
