using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

public class Smc2Tests
{
    private static readonly bool[] Observed = [true, true, false, true, true, false];
    private static readonly double[] Accuracies = [0.6, 0.75, 0.9];

    // An unknown observation accuracy (3 values) and a binary Markov chain observed through it.
    private static Model<bool> Model() =>
        from a in Sample("accuracy", Categorical(0.1, 0.2, 0.7))
        from last in Fold("z", Observed.Length, false, (prev, t) =>
            from z in Sample("z", Bernoulli(t == 0 ? 0.5 : prev ? 0.8 : 0.3))
            from _ in Observe(Bernoulli(z ? Accuracies[a] : 1 - Accuracies[a]), Observed[t])
            select z)
        select last;

    [Fact]
    public void EvidenceAndParameterPosteriorAreUnbiased()
    {
        // SMC² is SMC on the extended space of (θ, inner filter), so its Ẑ and its unnormalized estimates
        // Ẑ·P̂(θ = k) are unbiased for Z and Z·P(θ = k | y) (Chopin, Jacob & Papaspiliopoulos 2013, Prop. 1;
        // Del Moral 2004, Thm 7.4.2). Over R independent runs each mean is within 5 standard errors (the runs'
        // sample sd / √R) of the exact value from enumeration.
        var posteriorA = Infer.Enumerate(ModelReturningAccuracy());
        double z = Math.Exp(posteriorA.LogEvidence);
        const int runs = 400;
        var zHat = new double[runs];
        var joint = new double[runs, 3];
        for (int r = 0; r < runs; r++)
        {
            var s = Infer.Smc2(Model(), Selection.Of("accuracy"),
                new Smc2Options { ParameterParticles = 20, Particles = 10, EssThreshold = 1.0, Seed = 500 + (ulong)r });
            zHat[r] = Math.Exp(s.LogEvidence);
            for (int k = 0; k < 3; k++) joint[r, k] = zHat[r] * s.Probability(p => p.Parameters.Get<int>("accuracy") == k);
        }
        AssertMean(zHat, z);
        for (int k = 0; k < 3; k++)
            AssertMean(Enumerable.Range(0, runs).Select(r => joint[r, k]).ToArray(), z * posteriorA.Probability(k));
    }

    private static Model<int> ModelReturningAccuracy() =>
        from a in Sample("accuracy", Categorical(0.1, 0.2, 0.7))
        from last in Fold("z", Observed.Length, false, (prev, t) =>
            from z in Sample("z", Bernoulli(t == 0 ? 0.5 : prev ? 0.8 : 0.3))
            from _ in Observe(Bernoulli(z ? Accuracies[a] : 1 - Accuracies[a]), Observed[t])
            select z)
        select a;

    private static void AssertMean(double[] xs, double expected)
    {
        double mean = xs.Average();
        double se = Math.Sqrt(xs.Select(x => (x - mean) * (x - mean)).Sum() / (xs.Length - 1) / xs.Length);
        Assert.InRange(mean, expected - 5 * se, expected + 5 * se);
        Assert.True(se > 0, "the estimates should vary across seeds");
    }

    [Fact]
    public void BadSelectionIsAClearError()
    {
        var e = Assert.Throws<ModelException>(() => Infer.Smc2(Model(), Selection.Of("nope"), new Smc2Options { ParameterParticles = 4, Particles = 4 }));
        Assert.Contains("'nope'", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Smc2(Model(), Selection.Of("accuracy"), new Smc2Options { ParameterParticles = 0 }));
    }
}
