using Probabilistic.Inference;
using Probabilistic.Inference.Workflow;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>Prior and posterior predictive draws against the exact predictive distributions of a conjugate normal model (KS, α = 0.001).</summary>
public class PredictiveTests
{
    private static readonly Model<Real> Model =
        from mu in Sample("mu", Normal(0, ConjugateNormal.Tau))
        from _ in ObserveEach("y", ConjugateNormal.Y.Select(y => (Real)y).ToArray(), (y, i) => Normal(mu, 1))
        select mu;

    [Fact]
    public void PosteriorPredictiveMatchesTheExactPredictive()
    {
        const int n = 4000;
        var replicates = Infer.Predictive(Model, ConjugateNormal.ExactPosterior(n, seed: 3), seed: 5);
        Assert.Equal("posterior", replicates.Kind);
        Assert.Equal(["y/0", "y/1", "y/2", "y/3"], replicates.Observations);
        Assert.Equal(n, replicates.Count);
        double sd = Math.Sqrt(1 + ConjugateNormal.V);
        foreach (var name in replicates.Observations)
            Assert.True(ConjugateNormal.KsDistance(replicates[name], ConjugateNormal.M, sd) < ConjugateNormal.KsCritical(n), name);
        Assert.Equal(ConjugateNormal.Y[2], replicates.Observed("y/2"));
        // The same seed gives the same replicates; another seed different ones.
        Assert.Equal(replicates["y/0"], Infer.Predictive(Model, ConjugateNormal.ExactPosterior(n, seed: 3), seed: 5)["y/0"]);
        Assert.NotEqual(replicates["y/0"], Infer.Predictive(Model, ConjugateNormal.ExactPosterior(n, seed: 3), seed: 6)["y/0"]);
    }

    [Fact]
    public void PriorPredictiveMatchesTheExactPrior()
    {
        const int n = 4000;
        var prior = Infer.PriorPredictive(Model, n, seed: 7);
        Assert.Equal("prior", prior.Kind);
        double sd = Math.Sqrt(1 + ConjugateNormal.Tau * ConjugateNormal.Tau);
        Assert.True(ConjugateNormal.KsDistance(prior["y/1"], 0, sd) < ConjugateNormal.KsCritical(n));
        Assert.True(ConjugateNormal.KsDistance(prior.Latents!["mu"], 0, ConjugateNormal.Tau) < ConjugateNormal.KsCritical(n));
        // Replicates and latents belong together: y − μ ~ N(0, 1).
        var residual = prior["y/1"].Zip(prior.Latents["mu"], (y, mu) => y - mu).ToArray();
        Assert.True(ConjugateNormal.KsDistance(residual, 0, 1) < ConjugateNormal.KsCritical(n));
        Assert.Equal(prior.Latents["mu"], prior.ReturnValues.Select(v => ((Real)v!).Value));
    }

    [Fact]
    public void ConditionedChoicesAndUnnamedObservationsAreReplicated()
    {
        var model =
            from mu in Sample("mu", Normal(0, 1))
            from y in Plate("y", 2, _ => Normal(mu, 1))
            from _ in Observe(Normal(mu, 1), (Real)0.5)
            select mu;
        var conditions = ChoiceMap.Of(("y/0", (Real)1.0), ("y/1", (Real)2.0));
        var posterior = new Posterior([PosteriorColumn.Scalar("mu")], [[[0.0], [1.0], [2.0]]], sampler: "test");
        var replicates = Infer.Predictive(model, posterior, observations: conditions);
        Assert.Equal(["y/0", "y/1", "#2"], replicates.Observations);
        Assert.Equal(2.0, replicates.Observed("y/1"));
        Assert.Equal(0.5, replicates.Observed("#2"));
        var ll = Infer.LogLikelihood(model, posterior, conditions);
        Assert.Equal(-0.5 * Math.Log(2 * Math.PI) - 0.5 * (2.0 - 1.0) * (2.0 - 1.0), ll.ChainsOf(1)[0][1], 12);
        // Thinning to fewer draws takes them evenly spaced.
        Assert.Equal(2, Infer.Predictive(model, posterior, draws: 2, observations: conditions).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Predictive(model, posterior, draws: 4, observations: conditions));
    }

    [Fact]
    public void MissingLatentIsNamed()
    {
        var posterior = new Posterior([PosteriorColumn.Scalar("sigma")], [[[1.0]]], sampler: "test");
        var e = Assert.Throws<ModelException>(() => Infer.Predictive(Model, posterior));
        Assert.Contains("'mu'", e.Message);
    }
}
