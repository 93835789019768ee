using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Numerics;
using Probabilistic.Tests.Data;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Gradient.Enumeration;

/// <summary>
/// The enumerated density against exact answers: the forward algorithm of the reference HMM, hand-marginalized
/// models (their values and gradients to 1e-10), exact conditionals of the sampled discrete choices, and the errors
/// for what enumeration cannot do.
/// </summary>
public class EnumeratedDensityTests
{
    /// <summary>The reference HMM (data/hmm_discrete_T50.json) with its emission means as continuous choices.</summary>
    internal static Model<int> Hmm(double[] y) => DiscreteHmmModel.Model(y);

    private static Real Forward(double[] y, Real mu0, Real mu1) => DiscreteHmmModel.Forward(y, mu0, mu1);

    private static double[] HmmData() => RepositoryData.Json("hmm_discrete_T50.json").GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void HmmMarginalLikelihoodAtTheReferenceParametersEqualsTheForwardAlgorithm()
    {
        var json = RepositoryData.Json("hmm_discrete_T50.json");
        var y = HmmData();
        double reference = json.GetProperty("reference").GetProperty("log_marginal_likelihood").GetDouble();
        var density = EnumeratedDensity<int>.Create(Hmm(y));
        Assert.Equal(["mu0", "mu1"], density.ColumnNames());
        Assert.Equal(50, density.DiscreteAddresses.Count);
        double logPrior = Normal(0, 2).LogProb(-1).Value + Normal(0, 2).LogProb(1).Value;
        double logp = density.LogDensity([-1.0, 1.0]);
        Assert.Equal(reference, logp - logPrior, 1e-10);
    }

    [Fact]
    public void HmmGradientEqualsTheHandWrittenForwardAlgorithmsAndTheCompiledTapeReplaysIt()
    {
        var y = HmmData();
        var density = EnumeratedDensity<int>.Create(Hmm(y));
        var rng = new Rng(4);
        var g = new double[2];
        for (int k = 0; k < 5; k++)
        {
            double[] theta = [-2 + rng.NextDouble(), 0.5 + rng.NextDouble()];
            var (value, expected) = Tape.ValueAndGradient(v => Normal(0, 2).LogProb(v[0]) + Normal(0, 2).LogProb(v[1]) + Forward(y, v[0], v[1]), theta);
            double logp = density.LogDensityGradient(theta, g);
            Assert.Equal(value, logp, 1e-10);
            Assert.Equal(expected[0], g[0], 1e-10);
            Assert.Equal(expected[1], g[1], 1e-10);
        }
        Assert.True(density.Compiled, density.CompileFailure);
        Assert.Equal(4, density.Counts.Replays);
    }

    /// <summary>The two-component mixture with its assignments inside the plate, and the same model summed by hand.</summary>
    internal static Model<Unit> Mixture(double[] y) =>
        from w in Sample("w", Beta(2, 2))
        from mu1 in Sample("mu1", Normal(0, 10))
        from delta in Sample("delta", HalfNormal(10))
        from sigma in Sample("sigma", HalfNormal(5))
        from _ in Plate("y", y.Length, i =>
            from z in Sample("z", Bernoulli(w))
            from o in Observe(Normal(z ? mu1 + delta : mu1, sigma), y[i])
            select o)
        select Unit.Value;

    internal static Model<Unit> MixtureByHand(double[] y) =>
        from w in Sample("w", Beta(2, 2))
        from mu1 in Sample("mu1", Normal(0, 10))
        from delta in Sample("delta", HalfNormal(10))
        from sigma in Sample("sigma", HalfNormal(5))
        from _ in Factor(MixtureLogLikelihood(y, w, mu1, mu1 + delta, sigma))
        select Unit.Value;

    private static Real MixtureLogLikelihood(double[] y, Real w, Real mu1, Real mu2, Real sigma)
    {
        Real total = 0, logW = RealMath.Log(w), log1mW = RealMath.Log(1 - w);
        foreach (var yi in y) total += RealMath.LogSumExp(logW + Normal(mu2, sigma).LogProb(yi), log1mW + Normal(mu1, sigma).LogProb(yi));
        return total;
    }

    private static void AssertSameDensity<T, U>(EnumeratedDensity<T> enumerated, ModelDensity<U> hand, int points, ulong seed)
    {
        Assert.Equal(hand.Dimension, enumerated.Dimension);
        var rng = new Rng(seed);
        var g1 = new double[hand.Dimension];
        var g2 = new double[hand.Dimension];
        for (int k = 0; k < points; k++)
        {
            var theta = Enumerable.Range(0, hand.Dimension).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            double a = enumerated.LogDensityGradient(theta, g1);
            double b = hand.LogDensityGradient(theta, g2);
            Assert.Equal(b, a, 1e-10 * Math.Max(1, Math.Abs(b)));
            for (int i = 0; i < g1.Length; i++) Assert.Equal(g2[i], g1[i], 1e-10 * Math.Max(1, Math.Abs(g2[i])));
        }
    }

    [Fact]
    public void PlateMixtureEqualsTheHandMarginalizedMixtureWithItsGradient()
    {
        var y = Probabilistic.Examples.Gallery.GaussianMixtureModel.Simulate(60, 2);
        var enumerated = EnumeratedDensity<Unit>.Create(Mixture(y));
        Assert.Equal(60, enumerated.DiscreteAddresses.Count);
        Assert.Equal(Address.Of("y").Child(0) / Address.Of("z"), enumerated.DiscreteAddresses[0]);
        AssertSameDensity(enumerated, ModelDensity<Unit>.Create(MixtureByHand(y)), 20, 3);
        Assert.True(enumerated.Compiled, enumerated.CompileFailure);
    }

    [Fact]
    public void PlateOfAThousandElementsIsSummedElementByElement()
    {
        // Enumerated jointly this would be 2^1000 branches; element by element it is 2000.
        var y = Probabilistic.Examples.Gallery.GaussianMixtureModel.Simulate(1000, 7);
        var enumerated = EnumeratedDensity<Unit>.Create(Mixture(y));
        AssertSameDensity(enumerated, ModelDensity<Unit>.Create(MixtureByHand(y)), 2, 4);
    }

    [Fact]
    public void TopLevelChoicesEnumeratedJointlyBeyondTheLimitAreAnErrorNamingTheAddressAndTheStructure()
    {
        var model = from mu in Sample("mu", Normal(0, 1))
                    from zs in Sequence(Enumerable.Range(0, 20).Select(i => Sample($"b{i}", Bernoulli(0.5))))
                    from _ in Observe(Normal(mu + zs.Count(z => z), 1), 3.0)
                    select mu;
        var e = Assert.Throws<ModelException>(() => EnumeratedDensity<Real>.Create(model));
        Assert.StartsWith("b", e.Address!.ToString());
        Assert.Contains("top level", e.Message);
        Assert.Contains("Plate", e.Message);
    }

    [Fact]
    public void FoldWhoseStateIsAHistoryIsAnErrorNamingTheFold()
    {
        var model = from mu in Sample("mu", Normal(0, 1))
                    from path in Fold("walk", 30, 0L, (history, t) =>
                        from b in Sample("b", Bernoulli(0.5))
                        from _ in Observe(Normal(mu + (b ? 1 : 0), 1), 0.5)
                        select history * 2 + (b ? 1 : 0))
                    select mu;
        var e = Assert.Throws<ModelException>(() => EnumeratedDensity<Real>.Create(model));
        Assert.Contains("Fold 'walk'", e.Message);
        Assert.Equal(Address.Of("walk"), e.Address!.Parent);
    }

    [Fact]
    public void PlateElementReturningItsEnumeratedChoiceIsAnError()
    {
        var model = from mu in Sample("mu", Normal(0, 1))
                    from zs in Plate("z", 5, Bernoulli(0.5))
                    from _ in ObserveEach([1.0, 2.0, 0.5, 0.1, 3.0], (v, i) => Normal(zs[i] ? mu : 0, 1))
                    select mu;
        var e = Assert.Throws<ModelException>(() => EnumeratedDensity<Real>.Create(model));
        Assert.Equal(Address.Of("z").Child(0), e.Address);
        Assert.Contains("element 0 of Plate 'z'", e.Message);
    }

    [Fact]
    public void DiscreteChoiceOfUnboundedSupportIsAnErrorNamingIt()
    {
        var model = from rate in Sample("rate", Gamma(2, 1))
                    from k in Sample("k", Poisson(rate))
                    from _ in Observe(Normal(k, 1), 2.0)
                    select rate;
        var e = Assert.Throws<ModelException>(() => Infer.Nuts(model, options: new NutsOptions { Chains = 1, Warmup = 10, Draws = 10 }));
        Assert.Equal(Address.Of("k"), e.Address);
        Assert.Contains("unbounded", e.Message);
    }

    /// <summary>
    /// Sampled assignments given θ follow their exact conditional: for a mixture element,
    /// P(z = 1 | θ, y) = w N(y; μ₂, σ) / (w N(y; μ₂, σ) + (1 − w) N(y; μ₁, σ)). With 4000 draws each frequency has
    /// sd ≤ √(0.25/4000) ≈ 0.0079; 4.5 sd = 0.036 leaves a false failure probability below 1e-4 over the 6 checks.
    /// </summary>
    [Fact]
    public void SampledAssignmentsFollowTheirExactConditional()
    {
        double[] y = [-1.0, 0.2, 0.5, 1.4, 3.0, -2.5];
        var density = EnumeratedDensity<Unit>.Create(Mixture(y));
        // θ: w = logistic(0.3), mu1 = -0.5, delta = exp(0.2), sigma = exp(0.1).
        double[] theta = [0.3, -0.5, 0.2, 0.1];
        double w = 1 / (1 + Math.Exp(-0.3)), mu1 = -0.5, mu2 = mu1 + Math.Exp(0.2), sigma = Math.Exp(0.1);
        var rng = new Rng(11);
        var counts = new int[y.Length];
        const int n = 4000;
        for (int s = 0; s < n; s++)
        {
            var values = density.SampleDiscrete(theta, rng);
            for (int i = 0; i < y.Length; i++) if ((bool)values[Address.Of("y").Child(i) / Address.Of("z")]) counts[i]++;
        }
        for (int i = 0; i < y.Length; i++)
        {
            double a = w * Math.Exp(Normal(mu2, sigma).LogProb(y[i]).Value), b = (1 - w) * Math.Exp(Normal(mu1, sigma).LogProb(y[i]).Value);
            Assert.True(Math.Abs(counts[i] / (double)n - a / (a + b)) < 0.036, $"y[{i}]: {counts[i] / (double)n} vs exact {a / (a + b)}");
        }
    }

    /// <summary>
    /// Along a chain the sampled states are a joint draw from p(z | θ, y) (forward filtering, backward sampling): each
    /// of the 2⁶ paths of a 6-step HMM is drawn with its exact probability (by brute force), checked on the
    /// probabilities of the paths' pairs (z₂, z₃) and each marginal P(z_t = 1): 10 checks, 4.5 sd each as above.
    /// </summary>
    [Fact]
    public void SampledChainIsAJointDrawFromTheExactConditional()
    {
        double[] y = [1.2, -0.3, 0.4, -1.5, 2.0, 0.1];
        var density = EnumeratedDensity<int>.Create(Hmm(y));
        double[] theta = [-0.8, 1.1];
        var exactPair = new double[4];
        var exactMarginal = new double[y.Length];
        double total = 0;
        for (int path = 0; path < 1 << y.Length; path++)
        {
            double lp = 0;
            for (int t = 0; t < y.Length; t++)
            {
                int z = (path >> t) & 1, prev = t == 0 ? -1 : (path >> (t - 1)) & 1;
                lp += Math.Log(t == 0 ? DiscreteHmmModel.Initial(z) : DiscreteHmmModel.Transition(prev, z)) + Normal(z == 0 ? theta[0] : theta[1], 1.0).LogProb(y[t]).Value;
            }
            double p = Math.Exp(lp);
            total += p;
            exactPair[((path >> 2) & 1) * 2 + ((path >> 3) & 1)] += p;
            for (int t = 0; t < y.Length; t++) if (((path >> t) & 1) == 1) exactMarginal[t] += p;
        }
        var rng = new Rng(12);
        const int n = 4000;
        var pair = new int[4];
        var marginal = new int[y.Length];
        for (int s = 0; s < n; s++)
        {
            var v = density.SampleDiscrete(theta, rng);
            int State(int t) => (int)v[Address.Of("z").Child(t) / Address.Of("state")];
            pair[State(2) * 2 + State(3)]++;
            for (int t = 0; t < y.Length; t++) marginal[t] += State(t);
        }
        for (int k = 0; k < 4; k++) Assert.True(Math.Abs(pair[k] / (double)n - exactPair[k] / total) < 0.036, $"pair {k}: {pair[k] / (double)n} vs {exactPair[k] / total}");
        for (int t = 0; t < y.Length; t++) Assert.True(Math.Abs(marginal[t] / (double)n - exactMarginal[t] / total) < 0.036, $"z[{t}]: {marginal[t] / (double)n} vs {exactMarginal[t] / total}");
    }
}
