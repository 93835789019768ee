using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Probabilistic.Tests.Data;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Gradient.Enumeration;

/// <summary>
/// The Stan User's Guide's latent discrete parameter models ("Latent discrete parameters": change point, mixture,
/// Dawid–Skene, Cormack–Jolly–Seber) written with their discrete latents, run by NUTS with enumeration, against the
/// same models marginalized by hand (each sum written out as Stan's programs do) under NUTS, against Gibbs (the
/// mixture), and against the exact posterior (the change point).
/// Each comparison of two independent posterior means allows 4 √(mcse₁² + mcse₂²): with the dozen checks here a
/// false failure has probability about 1e-3; every run has a fixed seed.
/// </summary>
public class StanLatentDiscreteModelsTests
{
    private static readonly NutsOptions Short = new() { Chains = 2, Warmup = 150, Draws = 200, Seed = 31 };

    // For the two costliest gradients (the change point's O(T²) sum over s; Dawid–Skene's 20 dimensions).
    private static readonly NutsOptions Shorter = new() { Chains = 2, Warmup = 150, Draws = 120, Seed = 31 };

    private static void AssertSameMeans(Posterior a, Posterior b, params string[] columns)
    {
        foreach (var c in columns)
        {
            double ma = a[c].Average(), mb = b[c].Average();
            double se = Math.Sqrt(Math.Pow(ConvergenceDiagnostics.McseMean(a.Chain(c)), 2) + Math.Pow(ConvergenceDiagnostics.McseMean(b.Chain(c)), 2));
            Assert.True(Math.Abs(ma - mb) <= 4 * se, $"{c}: {ma} vs {mb} (4 MCSE = {4 * se})");
        }
    }

    // --- Change point (coal-mining disasters), Stan UG §"Change point models" ---

    private const double RateE = 0.5, RateL = 0.5;

    private static int[] Coal() => RepositoryData.Json("coal_disasters.json").GetProperty("D").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    internal static Model<int> ChangePoint(int[] d) =>
        from e in Sample("e", Exponential(RateE))
        from l in Sample("l", Exponential(RateL))
        from s in Sample("s", DiscreteUniform(1, d.Length))
        from _ in ObserveEach(d, (count, t) => Poisson(t + 1 < s ? e : l))
        select s;

    internal static Model<Unit> ChangePointByHand(int[] d) =>
        from e in Sample("e", Exponential(RateE))
        from l in Sample("l", Exponential(RateL))
        from _ in Factor(ChangePointLogLikelihood(d, e, l))
        select Unit.Value;

    // log Σ_s (1/T) Π_t Poisson(D_t | t < s ? e : l), as the Stan program's transformed parameter lp.
    private static Real ChangePointLogLikelihood(int[] d, Real e, Real l)
    {
        var lp = new Real[d.Length];
        for (int s = 1; s <= d.Length; s++)
        {
            Real sum = -Math.Log(d.Length);
            for (int t = 0; t < d.Length; t++) sum += Poisson(t + 1 < s ? e : l).LogProb(d[t]);
            lp[s - 1] = sum;
        }
        return RealMath.LogSumExp(lp);
    }

    /// <summary>
    /// The change point's exact posterior: given s, each rate has a conjugate Gamma posterior, so with S₁, n₁ the sum and
    /// number of counts before s (S₂, n₂ after) and r the exponential prior's rate,
    /// p(s | D) ∝ Γ(S₁ + 1)/(n₁ + r)^(S₁+1) · Γ(S₂ + 1)/(n₂ + r)^(S₂+1) and E[e | s, D] = (S₁ + 1)/(n₁ + r).
    /// </summary>
    private static (double E, double L, double S) ExactChangePointMeans(int[] d)
    {
        var logw = new double[d.Length];
        var e = new double[d.Length];
        var l = new double[d.Length];
        for (int s = 1; s <= d.Length; s++)
        {
            int n1 = s - 1, n2 = d.Length - n1;
            double s1 = d.Take(n1).Sum(), s2 = d.Skip(n1).Sum();
            logw[s - 1] = SpecialFunctionsLogGamma(s1 + 1) - (s1 + 1) * Math.Log(n1 + RateE) + SpecialFunctionsLogGamma(s2 + 1) - (s2 + 1) * Math.Log(n2 + RateL);
            e[s - 1] = (s1 + 1) / (n1 + RateE);
            l[s - 1] = (s2 + 1) / (n2 + RateL);
        }
        double max = logw.Max(), total = logw.Sum(w => Math.Exp(w - max));
        double Mean(Func<int, double> f) => Enumerable.Range(0, d.Length).Sum(i => Math.Exp(logw[i] - max) * f(i)) / total;
        return (Mean(i => e[i]), Mean(i => l[i]), Mean(i => i + 1));
    }

    private static double SpecialFunctionsLogGamma(double x) => Probabilistic.Numerics.SpecialFunctions.LogGamma(x);

    [Fact]
    public void ChangePointOnTheCoalMiningDataMatchesTheHandMarginalizedModelAndTheExactPosterior()
    {
        var d = Coal();
        var density = EnumeratedDensity<int>.Create(ChangePoint(d));
        var handDensity = ModelDensity<Unit>.Create(ChangePointByHand(d));
        var g1 = new double[2];
        var g2 = new double[2];
        foreach (var theta in new[] { new[] { 1.0, -0.2 }, new[] { 0.5, 0.3 } })
        {
            double b = handDensity.LogDensityGradient(theta, g2);
            Assert.Equal(b, density.LogDensityGradient(theta, g1), 1e-10 * Math.Abs(b));
            for (int i = 0; i < 2; i++) Assert.Equal(g2[i], g1[i], 1e-10 * Math.Max(1, Math.Abs(g2[i])));
        }
        Assert.True(density.Compiled, density.CompileFailure);
        var posterior = Infer.Nuts(ChangePoint(d), options: Shorter);
        var (e, l, s) = ExactChangePointMeans(d);
        foreach (var (name, exact) in new[] { ("e", e), ("l", l), ("s", s) })
        {
            double mean = posterior[name].Average(), mcse = ConvergenceDiagnostics.McseMean(posterior.Chain(name));
            Assert.True(Math.Abs(mean - exact) <= 4 * mcse, $"{name}: {mean} vs exact {exact} (4 MCSE = {4 * mcse})");
        }
    }

    // --- Gaussian mixture ---

    [Fact]
    public void MixtureMatchesTheHandMarginalizedModelAndGibbs()
    {
        var y = Probabilistic.Examples.Gallery.GaussianMixtureModel.Simulate(30, 5);
        var enumerated = Infer.Nuts(EnumeratedDensityTests.Mixture(y), options: Short);
        var hand = Infer.Nuts(EnumeratedDensityTests.MixtureByHand(y), options: Short);
        AssertSameMeans(enumerated, hand, "w", "mu1", "delta", "sigma");
        // As on the continuous path, the enumerated posterior carries each observation's log-likelihood per draw (given
        // the draw's assignments, as infer_discrete drew them).
        Assert.NotNull(enumerated.LogLikelihood);
        Assert.Equal(30, enumerated.LogLikelihood!.Count);
        Assert.Equal(enumerated.Draws, enumerated.LogLikelihood.Draws);
        var gibbs = Infer.Gibbs(EnumeratedDensityTests.Mixture(y), options: new GibbsOptions { Chains = 2, Warmup = 100, Draws = 200, Seed = 33 });
        AssertSameMeans(enumerated, gibbs, "w", "mu1", "delta", "sigma");
    }

    // --- Dawid–Skene annotator model ---

    private const int Categories = 3;

    // Simulated with Rng(2024): I items of prevalence pi = (0.5, 0.3, 0.2), each labelled by J annotators who give the
    // true category with probability 0.7 and each other one with 0.15.
    private static int[][] SimulateAnnotations(int items, int annotators)
    {
        var rng = new Rng(2024);
        double[] pi = [0.5, 0.3, 0.2];
        return Enumerable.Range(0, items).Select(_ =>
        {
            int z = Categorical(pi).Sample(rng);
            return Enumerable.Range(0, annotators).Select(_ => Categorical(Enumerable.Range(0, Categories).Select(k => k == z ? 0.7 : 0.15).ToArray()).Sample(rng)).ToArray();
        }).ToArray();
    }

    // Annotator j's row for true category k: Dirichlet with more weight on the diagonal (Stan UG's beta).
    private static double[] RowPrior(int k) => Enumerable.Range(0, Categories).Select(c => c == k ? 4.0 : 1.0).ToArray();

    internal static Model<Unit> DawidSkene(int[][] y, int annotators) =>
        from pi in Sample("pi", Dirichlet(1.0, 1.0, 1.0))
        from theta in Plate("theta", annotators * Categories, jk => Dirichlet(RowPrior(jk % Categories)))
        from _ in Plate("item", y.Length, i =>
            from z in Sample("z", Categorical(pi))
            from o in ObserveEach(y[i], (label, j) => Categorical(theta[j * Categories + z]))
            select o)
        select Unit.Value;

    internal static Model<Unit> DawidSkeneByHand(int[][] y, int annotators) =>
        from pi in Sample("pi", Dirichlet(1.0, 1.0, 1.0))
        from theta in Plate("theta", annotators * Categories, jk => Dirichlet(RowPrior(jk % Categories)))
        from _ in Factor(DawidSkeneLogLikelihood(y, pi, theta))
        select Unit.Value;

    private static Real DawidSkeneLogLikelihood(int[][] y, Real[] pi, Real[][] theta)
    {
        Real total = 0;
        var terms = new Real[Categories];
        foreach (var labels in y)
        {
            for (int k = 0; k < Categories; k++)
            {
                Real t = RealMath.Log(pi[k]);
                for (int j = 0; j < labels.Length; j++) t += RealMath.Log(theta[j * Categories + k][labels[j]]);
                terms[k] = t;
            }
            total += RealMath.LogSumExp(terms);
        }
        return total;
    }

    [Fact]
    public void DawidSkeneMatchesTheHandMarginalizedModel()
    {
        var y = SimulateAnnotations(40, 3);
        var enumerated = Infer.Nuts(DawidSkene(y, 3), options: Shorter);
        var hand = Infer.Nuts(DawidSkeneByHand(y, 3), options: Shorter);
        AssertSameMeans(enumerated, hand, "pi[1]", "pi[2]", "pi[3]", "theta[1,1]", "theta[5,2]", "theta[9,3]");
        // The item classes' posterior probabilities are columns too.
        Assert.All(enumerated["item[1].z"], v => Assert.InRange(v, 0, 2));
    }

    // --- Cormack–Jolly–Seber mark–recapture ---

    // Simulated with Rng(1979): I individuals, each first captured (and marked) at an occasion uniform on 0..T−2, then
    // surviving each interval with phi = 0.75 and, while alive, recaptured with p = 0.6.
    private static (int[][] Y, int[] First) SimulateCaptures(int individuals, int occasions)
    {
        var rng = new Rng(1979);
        var y = new int[individuals][];
        var first = new int[individuals];
        for (int i = 0; i < individuals; i++)
        {
            first[i] = (int)(rng.NextDouble() * (occasions - 1));
            y[i] = new int[occasions];
            y[i][first[i]] = 1;
            bool alive = true;
            for (int t = first[i] + 1; t < occasions; t++)
            {
                alive = alive && rng.NextDouble() < 0.75;
                y[i][t] = alive && rng.NextDouble() < 0.6 ? 1 : 0;
            }
        }
        return (y, first);
    }

    // The discrete form: alive_t ~ Bernoulli(alive_{t−1} ? phi : 0), y_t ~ Bernoulli(alive_t ? p : 0) after first capture.
    internal static Model<Unit> Cjs(int[][] y, int[] first) =>
        from phi in Sample("phi", Beta(1, 1))
        from p in Sample("p", Beta(1, 1))
        from _ in Plate("individual", y.Length, i =>
            from last in Fold("alive", y[i].Length - first[i] - 1, true, (alive, k) =>
                from z in Sample("z", Bernoulli(alive ? phi : 0.0))
                from o in Observe(Bernoulli(z ? p : 0.0), y[i][first[i] + 1 + k] == 1)
                select z)
            select Unit.Value)
        select Unit.Value;

    // Stan UG's marginalization: alive for certain up to the last capture, then χ_t, the probability of never being
    // seen after t: χ_{T−1} = 1, χ_t = (1 − phi) + phi (1 − p) χ_{t+1}.
    internal static Model<Unit> CjsByHand(int[][] y, int[] first) =>
        from phi in Sample("phi", Beta(1, 1))
        from p in Sample("p", Beta(1, 1))
        from _ in Factor(CjsLogLikelihood(y, first, phi, p))
        select Unit.Value;

    private static Real CjsLogLikelihood(int[][] y, int[] first, Real phi, Real p)
    {
        int occasions = y[0].Length;
        var chi = new Real[occasions];
        chi[occasions - 1] = 1;
        for (int t = occasions - 2; t >= 0; t--) chi[t] = 1 - phi + phi * (1 - p) * chi[t + 1];
        Real total = 0;
        for (int i = 0; i < y.Length; i++)
        {
            int last = Array.LastIndexOf(y[i], 1);
            for (int t = first[i] + 1; t <= last; t++) total += RealMath.Log(phi) + RealMath.Log(y[i][t] == 1 ? p : 1 - p);
            total += RealMath.Log(chi[last]);
        }
        return total;
    }

    [Fact]
    public void CormackJollySeberMatchesTheHandMarginalizedModel()
    {
        var (y, first) = SimulateCaptures(100, 6);
        var density = EnumeratedDensity<Unit>.Create(Cjs(y, first));
        var handDensity = ModelDensity<Unit>.Create(CjsByHand(y, first));
        var g1 = new double[2];
        var g2 = new double[2];
        foreach (var theta in new[] { new[] { 0.3, -0.2 }, new[] { 1.5, 0.4 }, new[] { -0.7, 2.0 } })
        {
            Assert.Equal(handDensity.LogDensityGradient(theta, g2), density.LogDensityGradient(theta, g1), 1e-9);
            Assert.Equal(g2[0], g1[0], 1e-9);
            Assert.Equal(g2[1], g1[1], 1e-9);
        }
        Assert.True(density.Compiled, density.CompileFailure);
        var enumerated = Infer.Nuts(Cjs(y, first), options: Short);
        var hand = Infer.Nuts(CjsByHand(y, first), options: Short);
        AssertSameMeans(enumerated, hand, "phi", "p");
    }
}
