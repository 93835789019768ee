using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Inference;

/// <summary>
/// The layers below an entry point (density handlers, the enumerator, the HMC kernel, initial values, the replay of the
/// model at each draw) raise their model errors without an algorithm's name; the entry point names them. The user sees
/// a <see cref="ModelException"/> (that exact type) whose message starts with the entry point's name and whose address
/// is the one the layer below named; a density used on its own names its own errors.
/// </summary>
public class UnnamedModelExceptionTests
{
    private static readonly Model<Real> DiscreteLatent =
        from z in Sample("z", Bernoulli(0.5))
        from x in Sample("x", Normal(z ? 1 : 0, 1))
        select x;

    private static readonly Model<Real> UnboundedLatent =
        from n in Sample("n", Poisson(3))
        from x in Sample("x", Normal(n, 1))
        select x;

    // The set of choices depends on x's sign: evaluations on both sides of 0 visit different addresses.
    private static readonly Model<Real> StochasticStructure =
        from x in Sample("x", Normal(0, 1))
        from y in x > 0 ? Sample("a", Normal(0, 1)) : Sample("b", Normal(0, 1))
        select y;

    private static readonly NutsOptions Short = new() { Chains = 1, Warmup = 50, Draws = 50 };

    private static ModelException Named(string algorithm, Func<object> run)
    {
        var e = Assert.Throws<ModelException>(run);
        Assert.StartsWith($"{algorithm}: ", e.Message);
        Assert.DoesNotContain(": " + algorithm + ": ", e.Message);
        return e;
    }

    [Fact]
    public void DiscoveryErrorsAreNamedByTheEntryPointThatRanTheDensity()
    {
        foreach (var (algorithm, run) in new (string, Func<object>)[]
        {
            ("Pathfinder", () => Infer.Pathfinder(DiscreteLatent)),
            ("AutoLaplace", () => AutoLaplace.Fit(DiscreteLatent)),
            ("ModelDensity", () => ModelDensity<Real>.Create(DiscreteLatent)),
        })
        {
            var e = Named(algorithm, run);
            Assert.Equal(Address.Of("z"), e.Address);
            Assert.Contains("is not continuous", e.Message);
        }
    }

    [Fact]
    public void EnumerationErrorsAreNamedByNutsHmcOrTheDensityOnItsOwn()
    {
        foreach (var (algorithm, run) in new (string, Func<object>)[]
        {
            ("Nuts", () => Infer.Nuts(UnboundedLatent, options: Short)),
            ("Hmc", () => Infer.Hmc(UnboundedLatent, options: new HmcOptions { Chains = 1, Warmup = 50, Draws = 50 })),
            ("EnumeratedDensity", () => EnumeratedDensity<Real>.Create(UnboundedLatent)),
        })
        {
            var e = Named(algorithm, run);
            Assert.Equal(Address.Of("n"), e.Address);
            Assert.Contains("unbounded support", e.Message);
        }
    }

    /// <summary>An evaluation during sampling (in a chain, on another thread) that visits other choices is named by the entry point.</summary>
    [Fact]
    public void ErrorsWhileSamplingAreNamedByTheEntryPoint()
    {
        foreach (var (algorithm, run, says) in new (string, Func<object>, string)[]
        {
            ("Nuts", () => Infer.Nuts(StochasticStructure, options: Short), "stochastic control flow"),
            ("Gibbs", () => Infer.Gibbs(StochasticStructure, options: new GibbsOptions { Chains = 1, Warmup = 50, Draws = 50 }), "the set of continuous choices changed"),
        })
        {
            var e = Named(algorithm, run);
            Assert.Contains(e.Address, new[] { Address.Of("a"), Address.Of("b") });
            Assert.Contains(says, e.Message);
        }
        // The same density on its own names itself.
        var density = ModelDensity<Real>.Create(StochasticStructure, seed: 1);
        double other = density.Blocks[1].Address == Address.Of("a") ? -1 : 1;
        Named("ModelDensity", () => density.LogDensityGradient([other, 0], new double[2]));
    }

    [Fact]
    public void KernelAndInitialValueErrorsAreNamedByTheEntryPoint()
    {
        var nowhere = from x in Sample("x", Normal(0, 1)) from _ in Condition(x > 100) select x;
        var e = Named("Hmc", () => Infer.Hmc(nowhere, options: new HmcOptions { Chains = 1, Warmup = 10, Draws = 10 }));
        Assert.StartsWith("Hmc: chain 0: the log density or its gradient was not finite at any of 100 initial points", e.Message);
        var misspelled = Named("Nuts", () => Infer.Nuts(StochasticStructure, options: Short with { InitialValues = ChoiceMap.Of(("xx", new Real(0.5))) }));
        Assert.Equal(Address.Of("xx"), misspelled.Address);
        Assert.Contains("did you mean 'x'", misspelled.Message);
    }

    /// <summary>Re-running the model at a posterior's draws (generated quantities, log-likelihood, predictive draws) names the entry point.</summary>
    [Fact]
    public void ReplayErrorsAreNamedByTheWorkflowEntryPoint()
    {
        var fitted = from x in Sample("x", Normal(0, 1)) from _ in Observe(Normal(x, 1), 0.5) select x;
        var other = from y in Sample("y", Normal(0, 1)) from _ in Observe(Normal(y, 1), 0.5) select y;
        var posterior = Infer.Nuts(fitted, options: new NutsOptions { Chains = 1, Warmup = 20, Draws = 5 });
        foreach (var (algorithm, run) in new (string, Func<object>)[]
        {
            ("LogLikelihood", () => Infer.LogLikelihood(other, posterior)),
            ("Predictive", () => Infer.Predictive(other, posterior)),
        })
        {
            var e = Named(algorithm, run);
            Assert.Equal(Address.Of("y"), e.Address);
            Assert.Contains("the draws have no value for the model's choice 'y'", e.Message);
        }
    }
}
