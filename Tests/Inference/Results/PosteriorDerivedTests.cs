using Probabilistic.Inference;
using Probabilistic.Inference.Workflow;
using Probabilistic.Tests.Inference.Workflow;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Results;

/// <summary>The model's return value as generated quantities, the pointwise log-likelihood, and the naming rule (names 1-based, addresses 0-based).</summary>
public class PosteriorDerivedTests
{
    private static readonly Model<Derived> Model =
        from mu in Sample("mu", Normal(0, ConjugateNormal.Tau))
        from _ in ObserveEach("y", ConjugateNormal.Y.Select(y => (Real)y).ToArray(), (y, i) => Normal(mu, 1))
        select new Derived(mu, mu + 10, [mu, 2 * mu]);

    private sealed record Derived(Real Mu, Real Shifted, Real[] Pair);

    [Fact]
    public void NutsKeepsTheReturnValueAndTheLogLikelihood()
    {
        var posterior = Infer.Nuts(Model, options: new NutsOptions { Chains = 2, Warmup = 200, Draws = 200, Seed = 1 });
        Assert.Equal(["mu"], posterior.Parameters.Select(c => c.Name));
        // Record members keep their own names (Mu differs from the parameter mu: names are case-sensitive).
        Assert.Equal(["Mu", "Shifted", "Pair[1]", "Pair[2]"], posterior.GeneratedQuantities.Select(c => c.Name));
        var mu = posterior["mu"];
        Assert.Equal(mu.Select(x => x + 10), posterior["Shifted"]);
        Assert.Equal(mu.Select(x => 2 * x), posterior["Pair[2]"]);
        Assert.Equal(posterior["Pair[2]"], posterior["Pair/1"]);
        Assert.Contains("Shifted", posterior.Summary().ToString());

        var ll = posterior.LogLikelihood!;
        Assert.Equal(["y/0", "y/1", "y/2", "y/3"], ll.Observations);
        Assert.Equal(2, ll.Chains);
        var y3 = ll["y/3"];
        for (int d = 0; d < mu.Length; d += 37)
            Assert.Equal(-0.5 * Math.Log(2 * Math.PI) - 0.5 * (ConjugateNormal.Y[3] - mu[d]) * (ConjugateNormal.Y[3] - mu[d]), y3[d], 12);
        var loo = Loo.Compute(ll);
        Assert.All(loo.ParetoK, k => Assert.True(k < 0.7));
    }

    [Fact]
    public void AMemberNamedLikeAParameterIsKeptUnderReturn()
    {
        var model =
            from mu in Sample("mu", Normal(0, 1))
            select new { mu, theta = new[] { mu * 2, mu * 3 } };
        var posterior = Infer.WithGeneratedQuantities(model, new Posterior([PosteriorColumn.Scalar("mu")], [[[1.0], [2.0]]], sampler: "test"));
        Assert.Equal(["return.mu", "theta[1]", "theta[2]"], posterior.GeneratedQuantities.Select(c => c.Name));
        Assert.Equal([3.0, 6.0], posterior["theta[2]"]);
        Assert.Equal([3.0, 6.0], posterior["theta/1"]);
        Assert.Null(posterior.LogLikelihood);
        var e = Assert.Throws<KeyNotFoundException>(() => posterior["theta/2"]);
        Assert.Contains("theta[1]", e.Message);
    }

    [Fact]
    public void ABareReturnValueIsNamedReturn()
    {
        var model = from mu in Sample("mu", Normal(0, 1)) select (mu * 2, 7);
        var posterior = Infer.WithGeneratedQuantities(model, new Posterior([PosteriorColumn.Scalar("mu")], [[[1.0], [2.0]]], sampler: "test"));
        Assert.Equal(["Item1", "Item2"], posterior.GeneratedQuantities.Select(c => c.Name));
        var array = from mu in Sample("mu", Normal(0, 1)) select new[] { mu, mu };
        var p2 = Infer.WithGeneratedQuantities(array, new Posterior([PosteriorColumn.Scalar("mu")], [[[1.0], [2.0]]], sampler: "test"));
        Assert.Equal(["return[1]", "return[2]"], p2.GeneratedQuantities.Select(c => c.Name));
        Assert.Equal([1.0, 2.0], p2["return/0"]);
    }

    [Fact]
    public void GeneratedColumnsSurviveJson()
    {
        var model = from mu in Sample("mu", Normal(0, 1)) select new { twice = mu * 2 };
        var posterior = Infer.WithGeneratedQuantities(model, new Posterior([PosteriorColumn.Scalar("mu")], [[[1.0], [2.0]]], sampler: "test"));
        var writer = new StringWriter();
        posterior.WriteJson(writer);
        var read = Posterior.ReadJson(new StringReader(writer.ToString()));
        Assert.Equal(posterior.Columns, read.Columns);
        Assert.True(read.Columns[1].IsGenerated);
    }
}
